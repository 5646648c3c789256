import { createHash } from 'node:crypto';
import { ApplicationFailure, log } from '@temporalio/activity';
import { z } from 'zod';
import type { Config } from '../config/config';
import type { StalledCaseNotice } from '../domain/escalation';
import type { PrismaClient } from '../generated/prisma/client';
import { renderEscalationEmail } from '../mail/escalation-email';
import type { Mailer } from '../mail/mailer';

export type NotifyConfig = Pick<
  Config,
  'MAIL_FROM' | 'GOVERNORS_OFFICE_EMAILS' | 'PROVINCE_OFFICE_EMAILS' | 'PUBLIC_BASE_URL' | 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'
>;

export interface NotifyDependencies {
  prisma: PrismaClient;
  mailer: Mailer;
  config: NotifyConfig;
}

/** Statuses of an outgoing email row. */
export const EmailStatus = {
  Pending: 'pending',
  Sending: 'sending',
  Sent: 'sent',
  Failed: 'failed',
  /** A send was started and its outcome never recorded: perhaps delivered, never sent again. */
  Unconfirmed: 'unconfirmed',
  SkippedNoRecipients: 'skipped_no_recipients',
} as const;

export const INVALID_NOTICE = 'INVALID_NOTICE';

const MAIL_DOMAIN = 'loans.lahijan';
const keyHash = (key: string): string => createHash('sha256').update(key).digest('hex');
/** Both follow from the escalation key alone, so every attempt finds the same row and Message-ID. */
export const outgoingEmailIdFor = (key: string): string => `escalation-${keyHash(key)}`;
export const messageIdFor = (key: string): string => `<${keyHash(key)}@${MAIL_DOMAIN}>`;

const noticeSchema = z.object({
  key: z.string().min(1).max(500),
  applicationId: z.string().min(1).max(100),
  level: z.enum(['reminder', 'governors_office', 'province']),
  round: z.number().int().nonnegative(),
  waitingFor: z.string().min(1).max(100),
  holderOrganizationId: z.string().min(1).max(100),
  waitingSince: z.iso.datetime({ offset: true }),
  deadline: z.iso.datetime({ offset: true }),
  workingDaysWaited: z.number().nonnegative(),
});

/**
 * Records one escalation and sends its email exactly once per `notice.key`.
 *
 * The row in outgoing_emails is the outbox: it is written (with the escalation) before any
 * send, and its status is compare-and-set around the send, so a retried attempt never sends a
 * mail an earlier attempt is known to have sent.
 *
 * A retry that finds `sending` means an earlier attempt began the SMTP exchange and never
 * recorded how it ended: the worker died or lost the database mid-send. The mail may well have
 * been delivered, so it is never sent again: the row becomes `unconfirmed`, the activity logs a
 * warning and completes (an operator can resend by hand). The window in which a crash leaves a
 * mail unconfirmed is bounded: it opens when `sending` commits and closes when `sent` or
 * `failed` does, one SMTP exchange capped by SMTP_TIMEOUTS (mail/mailer.ts), which must stay
 * below the activity's start-to-close timeout so Temporal does not retry beside a live send.
 */
export async function notifyStalledCase(deps: NotifyDependencies, input: StalledCaseNotice): Promise<void> {
  const parsed = noticeSchema.safeParse(input);
  if (!parsed.success) {
    throw ApplicationFailure.create({ type: INVALID_NOTICE, message: `invalid stalled-case notice: ${z.prettifyError(parsed.error)}`, nonRetryable: true });
  }
  const notice = parsed.data;
  const { prisma, mailer, config } = deps;
  const id = outgoingEmailIdFor(notice.key);
  const context = { escalationKey: notice.key, applicationId: notice.applicationId, level: notice.level };

  if (!(await prisma.outgoingEmail.findUnique({ where: { id }, select: { id: true } }))) {
    await recordEscalation(deps, notice, id);
  }

  // Another attempt may move the row between our read and our write; each write is conditional on
  // the status we read, and a lost race reads again.
  for (let round = 0; round < 3; round++) {
    const email = await prisma.outgoingEmail.findUniqueOrThrow({ where: { id } });
    switch (email.status) {
      case EmailStatus.Sent:
      case EmailStatus.SkippedNoRecipients:
        return;
      case EmailStatus.Unconfirmed:
        log.warn('escalation email unconfirmed by an earlier attempt; not sending again', { ...context, messageId: email.messageId });
        return;
      case EmailStatus.Sending: {
        await prisma.outgoingEmail.updateMany({ where: { id, status: EmailStatus.Sending }, data: { status: EmailStatus.Unconfirmed } });
        log.warn('an earlier attempt died while sending the escalation email; it may have been delivered and is not sent again', {
          ...context,
          messageId: email.messageId,
          attempts: email.attempts,
        });
        return;
      }
    }

    // Attempts counts SMTP exchanges begun, so one that died mid-send is counted too.
    const claimed = await prisma.outgoingEmail.updateMany({
      where: { id, status: { in: [EmailStatus.Pending, EmailStatus.Failed] } },
      data: { status: EmailStatus.Sending, attempts: { increment: 1 } },
    });
    if (claimed.count === 0) continue;

    try {
      await mailer.send({
        messageId: email.messageId,
        from: config.MAIL_FROM,
        to: email.recipients.split(','),
        subject: email.subject,
        text: email.textBody,
        html: email.htmlBody,
      });
    } catch (error) {
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      await prisma.outgoingEmail.updateMany({ where: { id, status: EmailStatus.Sending }, data: { status: EmailStatus.Failed, lastError } });
      log.warn('escalation email not accepted; Temporal will retry', { ...context, attempt: email.attempts + 1, error: lastError });
      throw error;
    }
    // Unconditional: the server has the mail, whatever a concurrent attempt concluded.
    await prisma.outgoingEmail.update({ where: { id }, data: { status: EmailStatus.Sent, sentAt: new Date(), lastError: null } });
    log.info('escalation email sent', { ...context, messageId: email.messageId });
    return;
  }
  throw new Error(`outgoing email ${id} kept changing status under concurrent attempts`);
}

type Notice = z.infer<typeof noticeSchema>;

/** Writes the escalation and its email in one transaction; both are skipped when already there. */
async function recordEscalation({ prisma, config }: NotifyDependencies, notice: Notice, id: string): Promise<void> {
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
    prisma.outgoingEmail.createMany({
      data: {
        id,
        applicationId: notice.applicationId,
        messageId: messageIdFor(notice.key),
        recipients: recipients.join(','),
        subject: rendered.subject,
        textBody: rendered.text,
        htmlBody: rendered.html,
        status: recipients.length > 0 ? EmailStatus.Pending : EmailStatus.SkippedNoRecipients,
      },
      skipDuplicates: true,
    }),
  ]);
}

const emailAddress = z.email();

/** The holder's contacts for a reminder, the configured offices above it; valid, each once. */
function resolveRecipients(notice: Notice, config: NotifyConfig, holderEmails: Array<string | null>): string[] {
  const candidates =
    notice.level === 'reminder' ? holderEmails : notice.level === 'governors_office' ? config.GOVERNORS_OFFICE_EMAILS : config.PROVINCE_OFFICE_EMAILS;
  const seen = new Map<string, string>();
  for (const candidate of candidates) {
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
