import { createHash } from 'node:crypto';
import { log } from '@temporalio/activity';
import { z } from 'zod';
import type { StalledCaseNotice } from '../domain/escalation';
import { renderEscalationEmail } from '../mail/escalation-email';
import type { NotifyDependencies, NotifyConfig } from './notify-stalled-case';

/** Statuses of an outgoing email row. */
export const EmailStatus = {
  Pending: 'pending',
  Sending: 'sending',
  /** Every recipient accepted the mail. */
  Sent: 'sent',
  /** Some recipients accepted it and the others refused it for good: settled, never sent again. */
  PartlyRejected: 'partly_rejected',
  /** Every recipient refused it for good: settled, never sent again. */
  Rejected: 'rejected',
  /** Some recipients accepted it, others refused it for now: the next attempt sends to those only. */
  PartlySent: 'partly_sent',
  /** No recipient has it yet and the last attempt failed: the next attempt tries them all again. */
  Failed: 'failed',
  /** A send was started and its outcome never recorded: perhaps delivered, never sent again. */
  Unconfirmed: 'unconfirmed',
  SkippedNoRecipients: 'skipped_no_recipients',
  /** The wait it was about ended (the application moved) before the mail reached everyone; the recipient rows say who has it. */
  SkippedWaitEnded: 'skipped_wait_ended',
} as const;

/** Statuses of one recipient of an outgoing email (email_recipients). */
export const RecipientStatus = {
  Pending: 'pending',
  Accepted: 'accepted',
  RejectedTemporarily: 'rejected_temporarily',
  RejectedPermanently: 'rejected_permanently',
} as const;

/** The statuses from which an attempt may claim the row and send. */
export const SENDABLE_STATUSES: string[] = [EmailStatus.Pending, EmailStatus.Failed, EmailStatus.PartlySent];
/** The recipients an attempt sends to: those with no verdict yet or only a temporary one. */
export const UNREACHED_STATUSES: string[] = [RecipientStatus.Pending, RecipientStatus.RejectedTemporarily];

const MAIL_DOMAIN = 'loans.lahijan';
const keyHash = (key: string): string => createHash('sha256').update(key).digest('hex');
/** Both follow from the escalation key alone, so every attempt finds the same row and Message-ID. */
export const outgoingEmailIdFor = (key: string): string => `escalation-${keyHash(key)}`;
export const messageIdFor = (key: string): string => `<${keyHash(key)}@${MAIL_DOMAIN}>`;

/**
 * Writes the escalation, its email and the email's recipients in one transaction; each is
 * skipped when already there.
 */
export async function recordEscalation({ prisma, config }: NotifyDependencies, notice: StalledCaseNotice, id: string): Promise<void> {
  const application = await prisma.application.findUnique({ where: { id: notice.applicationId }, include: { applicant: true } });
  // Retryable: the workflow writes the application before it can wait on any of its steps.
  if (!application) throw new Error(`application ${notice.applicationId} is not in the database`);
  const holder = await prisma.organization.findUnique({
    where: { id: notice.holderOrganizationId },
    include: { users: { select: { email: true } } },
  });
  const recipients = resolveRecipients(notice, config, holder ? [holder.contactEmail, ...holder.users.map((u) => u.email)] : []);
  const rendered = renderEscalationEmail(
    {
      applicationId: application.id,
      agencyReference: application.agencyReference,
      applicantName: application.applicant.fullName,
      waitingFor: notice.waitingFor,
      holder: holder ?? { id: notice.holderOrganizationId, name: notice.holderOrganizationId, nameFa: '' },
      level: notice.level,
      round: notice.round,
      workingDaysWaited: notice.workingDaysWaited,
      waitingSince: new Date(notice.waitingSince),
      deadline: new Date(notice.deadline),
    },
    config,
  );
  if (recipients.length === 0) {
    log.warn('no recipients for this escalation; recorded without an email', { escalationKey: notice.key, level: notice.level });
  }
  await prisma.$transaction([
    prisma.escalation.createMany({
      data: {
        applicationId: notice.applicationId,
        escalationKey: notice.key,
        step: notice.waitingFor,
        level: notice.level,
        holderOrgId: notice.holderOrganizationId,
        waitingSince: new Date(notice.waitingSince),
        deadline: new Date(notice.deadline),
      },
      skipDuplicates: true,
    }),
    ...outboxRows(prisma, { id, applicationId: notice.applicationId, key: notice.key, recipients, rendered }),
  ]);
}

/**
 * The outbox's rows for one email: the email (Pending, or SkippedNoRecipients without anyone to
 * send it to) and one row per recipient, each skipped when already there, for one transaction.
 */
export function outboxRows(
  prisma: NotifyDependencies['prisma'],
  email: { id: string; applicationId: string | null; key: string; recipients: string[]; rendered: { subject: string; text: string; html: string } },
) {
  const { id, recipients, rendered } = email;
  return [
    prisma.outgoingEmail.createMany({
      data: {
        id,
        applicationId: email.applicationId,
        messageId: messageIdFor(email.key),
        recipients: recipients.join(','),
        subject: rendered.subject,
        textBody: rendered.text,
        htmlBody: rendered.html,
        status: recipients.length > 0 ? EmailStatus.Pending : EmailStatus.SkippedNoRecipients,
      },
      skipDuplicates: true,
    }),
    prisma.emailRecipient.createMany({
      data: recipients.map((address) => ({ emailId: id, address, status: RecipientStatus.Pending })),
      skipDuplicates: true,
    }),
  ];
}

const emailAddress = z.email();

/**
 * The holder's contacts for a reminder, the configured offices above it (the last, abandoned
 * notice to the governor's office and, when configured, the province too); valid, each once.
 */
function resolveRecipients(notice: StalledCaseNotice, config: NotifyConfig, holderEmails: Array<string | null>): string[] {
  const byLevel = {
    reminder: holderEmails,
    governors_office: config.GOVERNORS_OFFICE_EMAILS,
    province: config.PROVINCE_OFFICE_EMAILS,
    abandoned: [...config.GOVERNORS_OFFICE_EMAILS, ...config.PROVINCE_OFFICE_EMAILS],
  } satisfies Record<StalledCaseNotice['level'], Array<string | null>>;
  const seen = new Map<string, string>();
  for (const candidate of byLevel[notice.level]) {
    const address = candidate?.trim();
    if (!address) continue;
    if (!emailAddress.safeParse(address).success) {
      log.warn('ignoring an invalid recipient address', { escalationKey: notice.key, level: notice.level });
      continue;
    }
    if (!seen.has(address.toLowerCase())) seen.set(address.toLowerCase(), address);
  }
  return [...seen.values()];
}
