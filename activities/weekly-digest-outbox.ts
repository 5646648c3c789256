import { ApplicationFailure, heartbeat, log } from '@temporalio/activity';
import { renderDigestEmail, type WeeklyDigest } from '../mail/digest-email';
import { SMTP_DEADLINE_MS } from '../mail/smtp-exchange';
import { countedDelivery, countEmail } from './activity-metrics';
import { deliverClaimedEmail } from './email-delivery';
import { EmailStatus, outboxRows, SENDABLE_STATUSES } from './escalation-outbox';
import type { DigestDependencies } from './weekly-digest';

export const DIGEST_NOT_RECORDED = 'DIGEST_NOT_RECORDED';

/**
 * The digest's key is its week: whatever triggers it (the Schedule, twice; a manual run; a
 * retry), one week has one outbox row, one Message-ID and so at most one email.
 */
export const digestKeyFor = (weekLabel: string): string => `digest:${weekLabel}`;
/** The week's label is digits, dashes and dots only, so the row's id can say which week it is. */
export const digestEmailIdFor = (weekLabel: string): string => `digest-${weekLabel}`;

type Deps = Pick<DigestDependencies, 'prisma' | 'mailer' | 'config'>;

/**
 * Writes the week's email and its recipients into the outbox (outgoing_emails, the escalation
 * emails' table, with no application), each row skipped when already there: a later run of the
 * same week keeps the first run's email, figures and all.
 */
export async function recordWeeklyDigest({ prisma, config }: Deps, digest: WeeklyDigest): Promise<void> {
  const id = digestEmailIdFor(digest.week.label);
  if (await prisma.outgoingEmail.findUnique({ where: { id }, select: { id: true } })) return;
  const recipients = uniqueAddresses(config.DIGEST_RECIPIENTS ?? config.GOVERNORS_OFFICE_EMAILS);
  if (recipients.length === 0) log.warn('no recipients for the weekly digest; recorded without an email', { week: digest.week.label });
  const rendered = renderDigestEmail(digest, config);
  await prisma.$transaction(outboxRows(prisma, { id, applicationId: null, key: digestKeyFor(digest.week.label), recipients, rendered }));
}

/**
 * How long a `sending` row may belong to a live attempt: every exchange is cut off at
 * SMTP_DEADLINE_MS and its outcome recorded at once, so a row still `sending` after this was
 * claimed by an attempt that died.
 */
export const CLAIM_GRACE_MS = SMTP_DEADLINE_MS + 10_000;
const HEARTBEAT_MS = 2_000;

/**
 * Sends the week's recorded email once, with the escalation emails' discipline
 * (notify-stalled-case.ts): the row is claimed (`sending`) by a compare-and-set before the SMTP
 * exchange. Unlike an escalation's retries, two runs of the same week may overlap (a manual run
 * beside the Schedule's), so a `sending` row is first waited on: a live claimer settles it
 * within CLAIM_GRACE_MS. One still `sending` after that was left by a worker that died mid-send;
 * the mail may have been delivered, so it becomes `unconfirmed` and is not sent again.
 * Heartbeats let Temporal retry soon after such a death. Returns the email's status.
 */
export async function sendWeeklyDigest(deps: Deps, weekLabel: string): Promise<string> {
  const beat = setInterval(() => heartbeat(), HEARTBEAT_MS);
  try {
    return await claimAndSend(deps, weekLabel);
  } finally {
    clearInterval(beat);
  }
}

async function claimAndSend(deps: Deps, weekLabel: string): Promise<string> {
  const { prisma } = deps;
  const id = digestEmailIdFor(weekLabel);
  const context = { digestKey: digestKeyFor(weekLabel) };
  // Another attempt may move the row between our read and our write; a lost race reads again.
  for (let round = 0; round < 3; round++) {
    const email = await prisma.outgoingEmail.findUnique({ where: { id } });
    if (!email) throw ApplicationFailure.create({ type: DIGEST_NOT_RECORDED, message: `no weekly digest recorded for ${weekLabel}`, nonRetryable: true });
    if (email.status === EmailStatus.Sending) {
      if (await settledWithin(deps, id, CLAIM_GRACE_MS)) continue;
      const marked = await prisma.outgoingEmail.updateMany({ where: { id, status: EmailStatus.Sending }, data: { status: EmailStatus.Unconfirmed } });
      if (marked.count === 0) continue;
      countEmail('digest', 'unconfirmed');
      log.warn('an earlier attempt died while sending the weekly digest; it may have been delivered and is not sent again', {
        ...context,
        messageId: email.messageId,
      });
      return EmailStatus.Unconfirmed;
    }
    // Sent, unconfirmed, refused for good or without recipients: settled.
    if (!SENDABLE_STATUSES.includes(email.status)) return email.status;
    const claimed = await prisma.outgoingEmail.updateMany({
      where: { id, status: { in: SENDABLE_STATUSES } },
      data: { status: EmailStatus.Sending, attempts: { increment: 1 } },
    });
    if (claimed.count === 0) continue;
    await countedDelivery('digest', () => deliverClaimedEmail(deps, email, context));
    return (await prisma.outgoingEmail.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
  }
  throw new Error(`outgoing email ${id} kept changing status under concurrent attempts`);
}

/** True once the row leaves `sending` within `graceMs`. */
async function settledWithin({ prisma }: Deps, id: string, graceMs: number): Promise<boolean> {
  const until = Date.now() + graceMs;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const row = await prisma.outgoingEmail.findUniqueOrThrow({ where: { id }, select: { status: true } });
    if (row.status !== EmailStatus.Sending) return true;
  }
  return false;
}

/** Each address once, whatever its case. */
function uniqueAddresses(addresses: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const address of addresses.map((a) => a.trim()).filter(Boolean)) if (!seen.has(address.toLowerCase())) seen.set(address.toLowerCase(), address);
  return [...seen.values()];
}
