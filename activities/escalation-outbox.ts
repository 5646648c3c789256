import { log } from '@temporalio/activity';
import { z } from 'zod';
import type { OutgoingEmail } from '../generated/prisma/client';
import type { StalledCaseNotice } from '../domain/escalation';
import { initialsOf } from '../domain/initials';
import { EmailStatus, RecipientStatus } from '../domain/email-status';
import { renderEscalationEmail } from '../mail/escalation-email';
import { countEscalation } from './activity-metrics';
import { messageIdFor } from '../mail/outbox-ids';
import type { NotifyDependencies, NotifyConfig } from './notify-stalled-case';

export { EmailStatus, RecipientStatus } from '../domain/email-status';
export { messageIdFor, outgoingEmailIdFor } from '../mail/outbox-ids';

/** The statuses from which an attempt may claim the row and send. */
export const SENDABLE_STATUSES: string[] = [EmailStatus.Pending, EmailStatus.Failed, EmailStatus.PartlySent];
/** The recipients an attempt sends to: those with no verdict yet or only a temporary one. */
export const UNREACHED_STATUSES: string[] = [RecipientStatus.Pending, RecipientStatus.RejectedTemporarily];

/**
 * Writes the escalation, its email and the email's recipients in one transaction; each is
 * skipped when already there.
 */
export async function recordEscalation({ prisma, fields, config }: NotifyDependencies, notice: StalledCaseNotice, id: string): Promise<void> {
  // Read side by side: each is two statements (Prisma loads the relation separately).
  const [application, holder] = await Promise.all([
    prisma.application.findUnique({ where: { id: notice.applicationId }, include: { applicant: true } }),
    prisma.organization.findUnique({ where: { id: notice.holderOrganizationId }, include: { users: { select: { email: true } } } }),
  ]);
  // Retryable: the workflow writes the application before it can wait on any of its steps.
  if (!application) throw new Error(`application ${notice.applicationId} is not in the database`);
  const recipients = resolveRecipients(notice, config, holder ? [holder.contactEmail, ...holder.users.map((u) => u.email)] : []);
  const rendered = renderEscalationEmail(
    {
      applicationId: application.id,
      agencyReference: application.agencyReference,
      applicantInitials: initialsOf(fields.open(application.applicant.fullName)),
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
  const [escalation] = await prisma.$transaction([
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
  // Counted once: a retry finds the escalation already recorded.
  if (escalation?.count === 1) countEscalation(notice.level);
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

/**
 * Claims a sendable email for one SMTP attempt (status `sending`; attempts counts exchanges begun,
 * so one that dies mid-send is counted too) and returns
 * it as it was read before the claim, in one statement; null when it was not sendable (settled,
 * or another attempt moved it first), and the caller reads it to learn why.
 */
export async function claimForSending(prisma: NotifyDependencies['prisma'], id: string): Promise<OutgoingEmail | null> {
  const [claimed] = await prisma.outgoingEmail.updateManyAndReturn({
    where: { id, status: { in: SENDABLE_STATUSES } },
    data: { status: EmailStatus.Sending, attempts: { increment: 1 } },
  });
  return claimed ? { ...claimed, attempts: claimed.attempts - 1 } : null;
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
