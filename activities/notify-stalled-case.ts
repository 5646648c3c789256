import { ApplicationFailure, log } from '@temporalio/activity';
import { z } from 'zod';
import type { Config } from '../config/config';
import { notificationLevels, type StalledCaseNotice } from '../domain/escalation';
import type { PrismaClient } from '../generated/prisma/client';
import type { Mailer } from '../mail/mailer';
import type { FieldCipher } from '../security/field-cipher';
import { countedDelivery, countEmail } from './activity-metrics';
import { deliverClaimedEmail } from './email-delivery';
import { claimForSending, EmailStatus, outgoingEmailIdFor, recordEscalation, SENDABLE_STATUSES } from './escalation-outbox';

export { EmailStatus, messageIdFor, outgoingEmailIdFor, RecipientStatus } from './escalation-outbox';
export { RECIPIENTS_DEFERRED } from './email-delivery';

export type NotifyConfig = Pick<
  Config,
  'MAIL_FROM' | 'GOVERNORS_OFFICE_EMAILS' | 'PROVINCE_OFFICE_EMAILS' | 'PUBLIC_BASE_URL' | 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE'
>;

export interface NotifyDependencies {
  prisma: PrismaClient;
  /** Opens the applicant's name, of which the emails carry the initials only. */
  fields: FieldCipher;
  mailer: Mailer;
  config: NotifyConfig;
}

export const INVALID_NOTICE = 'INVALID_NOTICE';

const noticeSchema = z.object({
  key: z.string().min(1).max(500),
  applicationId: z.string().min(1).max(100),
  level: z.enum(notificationLevels),
  round: z.number().int().nonnegative(),
  waitingFor: z.string().min(1).max(100),
  holderOrganizationId: z.string().min(1).max(100),
  waitingSince: z.iso.datetime({ offset: true }),
  deadline: z.iso.datetime({ offset: true }),
  workingDaysWaited: z.number().nonnegative(),
  stateSequence: z.number().int().nonnegative().optional(),
});

/**
 * Records one escalation and sends its email exactly once per `notice.key` and recipient.
 *
 * The row in outgoing_emails is the outbox: it is written (with the escalation and one row per
 * recipient) before any send, and its status is compare-and-set around the send, so a retried
 * attempt never sends a mail an earlier attempt is known to have sent. Each attempt sends only
 * to the recipients the server has not yet accepted or refused for good (email-delivery.ts).
 *
 * A retry that finds `sending` means an earlier attempt began the SMTP exchange and never
 * recorded how it ended: the worker died or lost the database mid-send. The mail may well have
 * been delivered, so it is never sent again: the row becomes `unconfirmed`, the activity logs a
 * warning and completes (an operator can resend by hand). Nothing else leaves `sending` behind:
 * an exchange that fails, however slowly, is recorded as failed, because the whole exchange is
 * cut off at SMTP_DEADLINE_MS (mail/smtp-exchange.ts), well below the activity's start-to-close
 * timeout, so Temporal never retries beside a send that is still live.
 *
 * A notice issued while its wait was on (`stateSequence`) is not sent once the application has
 * moved on: the database then holds a later transition.
 */
export async function notifyStalledCase(deps: NotifyDependencies, input: StalledCaseNotice): Promise<void> {
  const parsed = noticeSchema.safeParse(input);
  if (!parsed.success) {
    throw ApplicationFailure.create({ type: INVALID_NOTICE, message: `invalid stalled-case notice: ${z.prettifyError(parsed.error)}`, nonRetryable: true });
  }
  const notice = parsed.data;
  const { prisma } = deps;
  const id = outgoingEmailIdFor(notice.key);
  const context = { escalationKey: notice.key, applicationId: notice.applicationId, level: notice.level };
  const [waitEnded, recorded] = await Promise.all([hasWaitEnded(prisma, notice), prisma.outgoingEmail.findUnique({ where: { id }, select: { id: true } })]);

  if (!recorded) {
    if (waitEnded) {
      log.info('the wait ended before its notice was recorded; nothing recorded or sent', context);
      return;
    }
    await recordEscalation(deps, notice, id);
  }

  // Another attempt may move the row between our read and our write; each write is conditional on
  // the status we read, and a lost race reads again.
  for (let round = 0; round < 3; round++) {
    // The usual case first: a sendable email, claimed in the same statement that finds it so.
    const claimed = waitEnded ? null : await claimForSending(prisma, id);
    if (claimed) {
      await countedDelivery('escalation', () => deliverClaimedEmail(deps, claimed, context));
      return;
    }
    const email = await prisma.outgoingEmail.findUniqueOrThrow({ where: { id } });
    if (email.status === EmailStatus.Unconfirmed) {
      log.warn('escalation email unconfirmed by an earlier attempt; not sending again', { ...context, messageId: email.messageId });
      return;
    }
    if (email.status === EmailStatus.Sending) {
      const marked = await prisma.outgoingEmail.updateMany({ where: { id, status: EmailStatus.Sending }, data: { status: EmailStatus.Unconfirmed } });
      if (marked.count === 1) countEmail('escalation', 'unconfirmed');
      log.warn('an earlier attempt died while sending the escalation email; it may have been delivered and is not sent again', {
        ...context,
        messageId: email.messageId,
        attempts: email.attempts,
      });
      return;
    }
    // Sent, partly or wholly refused for good, or skipped: settled.
    if (!SENDABLE_STATUSES.includes(email.status)) return;

    if (waitEnded) {
      const skipped = await prisma.outgoingEmail.updateMany({ where: { id, status: { in: SENDABLE_STATUSES } }, data: { status: EmailStatus.SkippedWaitEnded } });
      if (skipped.count === 0) continue;
      log.info('the wait ended while its notice was still to be sent; not sent', context);
      return;
    }
    // Sendable again after a lost race: claim it on the next round.
  }
  throw new Error(`outgoing email ${id} kept changing status under concurrent attempts`);
}

/** True when the database holds a transition later than the one the notice was issued at. */
async function hasWaitEnded(prisma: PrismaClient, notice: z.infer<typeof noticeSchema>): Promise<boolean> {
  // Notices of workflows recorded before the sequence was carried are sent as before.
  if (notice.stateSequence === undefined) return false;
  const application = await prisma.application.findUnique({ where: { id: notice.applicationId }, select: { lastSequence: true } });
  return application !== null && application.lastSequence > notice.stateSequence;
}
