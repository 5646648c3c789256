import { ApplicationFailure, log } from '@temporalio/activity';
import type { OutgoingEmail } from '../generated/prisma/client';
import type { RecipientOutcome } from '../mail/mailer';
import { EmailStatus, RecipientStatus, UNREACHED_STATUSES } from './escalation-outbox';
import type { NotifyDependencies } from './notify-stalled-case';

/** Some recipients refused the mail for now: the activity is retried, for them only. */
export const RECIPIENTS_DEFERRED = 'RECIPIENTS_DEFERRED';

type LogContext = Record<string, unknown>;
export type DeliveryLogger = Pick<typeof log, 'info' | 'warn' | 'error'>;

/**
 * One SMTP exchange for an email the caller has claimed (status `sending`): sends it to the
 * recipients not yet reached, with the same Message-ID as every earlier attempt, then records
 * each recipient's verdict and the email's new status in one transaction, so no crash can leave
 * a verdict without the status that follows from it. Throws a retryable error while some
 * recipient is still to be reached; a permanent refusal is recorded and never retried.
 * Returns the email's new status.
 */
export async function deliverClaimedEmail(
  { prisma, mailer, config }: Pick<NotifyDependencies, 'prisma' | 'mailer'> & { config: Pick<NotifyDependencies['config'], 'MAIL_FROM'> },
  email: OutgoingEmail,
  context: LogContext,
  // The API resends an unconfirmed email outside any activity, where Temporal's `log` has no context.
  logger: DeliveryLogger = log,
): Promise<string> {
  const addresses = email.recipients.split(',').filter((address) => address.length > 0);
  // The usual case, every recipient still to be reached: one statement counts this attempt for
  // each of them and names them.
  let recipients = await prisma.emailRecipient.updateManyAndReturn({
    where: { emailId: email.id, status: { in: UNREACHED_STATUSES } },
    data: { attempts: { increment: 1 } },
    select: { address: true, status: true },
  });
  if (recipients.length < addresses.length) {
    // Some were reached by an earlier attempt, or the email was recorded before per-recipient
    // status existed and has no recipient rows yet: those are created, counted as attempted.
    await prisma.emailRecipient.createMany({
      data: addresses.map((address) => ({ emailId: email.id, address, status: RecipientStatus.Pending, attempts: 1 })),
      skipDuplicates: true,
    });
    recipients = await prisma.emailRecipient.findMany({ where: { emailId: email.id }, select: { address: true, status: true } });
  }
  const unreached = recipients.filter((r) => UNREACHED_STATUSES.includes(r.status)).map((r) => r.address);
  const statuses = new Map(recipients.map((r) => [r.address, r.status]));

  let outcomes: RecipientOutcome[] = [];
  if (unreached.length > 0) {
    try {
      outcomes = await mailer.send({
        messageId: email.messageId,
        from: config.MAIL_FROM,
        to: addresses,
        deliverTo: unreached,
        subject: email.subject,
        text: email.textBody,
        html: email.htmlBody,
      });
    } catch (error) {
      // No recipient had an answer: whoever had none before still has none.
      const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
      const status = emailStatusOf([...statuses.values()]);
      await prisma.outgoingEmail.updateMany({ where: { id: email.id, status: EmailStatus.Sending }, data: { status, lastError } });
      logger.warn('email not accepted; Temporal will retry', { ...context, attempt: email.attempts + 1, error: lastError });
      throw error;
    }
  }

  const now = new Date();
  for (const outcome of outcomes) statuses.set(outcome.address, outcome.verdict);
  const status = emailStatusOf([...statuses.values()]);
  const refusals = outcomes.filter((o) => o.verdict !== RecipientStatus.Accepted).map((o) => `${o.address}: ${o.response}`);
  const lastError = refusals.length > 0 ? refusals.join('; ').slice(0, 2000) : null;
  const settledWithMail = status === EmailStatus.Sent || status === EmailStatus.PartlyRejected;
  await prisma.$transaction([
    // One statement per distinct answer: usually the server gave every recipient the same one.
    ...groupByAnswer(outcomes).map(({ verdict, response, addresses: answered }) =>
      prisma.emailRecipient.updateMany({
        where: { emailId: email.id, address: { in: answered } },
        data: {
          status: verdict,
          lastResponse: response.slice(0, 2000),
          ...(verdict === RecipientStatus.Accepted ? { acceptedAt: now } : {}),
        },
      }),
    ),
    // Unconditional: these are the server's own answers, whatever a concurrent attempt concluded.
    prisma.outgoingEmail.update({ where: { id: email.id }, data: { status, lastError, sentAt: settledWithMail ? now : null } }),
  ]);

  const deferred = outcomes.filter((o) => o.verdict === RecipientStatus.RejectedTemporarily).map((o) => `${o.address}: ${o.response}`);
  const detail = { ...context, messageId: email.messageId, status, refusals };
  switch (status) {
    case EmailStatus.Sent:
      logger.info('email sent', detail);
      return status;
    case EmailStatus.PartlyRejected:
      logger.warn('email sent; some recipients refused it for good', detail);
      return status;
    case EmailStatus.Rejected:
      logger.error('every recipient refused the email for good; it is not sent again', detail);
      return status;
    default:
      logger.warn('some recipients refused the email for now; Temporal will retry for them', detail);
      throw ApplicationFailure.retryable(`the SMTP server deferred ${deferred.length} recipient(s): ${deferred.join('; ')}`.slice(0, 2000), RECIPIENTS_DEFERRED);
  }
}

/** An email's status from its recipients' statuses; `sending` is never one of them. */
function emailStatusOf(statuses: string[]): string {
  const accepted = statuses.some((s) => s === RecipientStatus.Accepted);
  if (statuses.some((s) => UNREACHED_STATUSES.includes(s))) return accepted ? EmailStatus.PartlySent : EmailStatus.Failed;
  if (statuses.every((s) => s === RecipientStatus.Accepted)) return EmailStatus.Sent;
  return accepted ? EmailStatus.PartlyRejected : EmailStatus.Rejected;
}

function groupByAnswer(outcomes: RecipientOutcome[]): Array<{ verdict: string; response: string; addresses: string[] }> {
  const groups = new Map<string, { verdict: string; response: string; addresses: string[] }>();
  for (const { address, verdict, response } of outcomes) {
    const key = JSON.stringify([verdict, response]);
    if (!groups.has(key)) groups.set(key, { verdict, response, addresses: [] });
    groups.get(key)!.addresses.push(address);
  }
  return [...groups.values()];
}
