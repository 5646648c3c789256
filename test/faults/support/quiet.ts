import type pg from 'pg';
import type { RecordingSmtpServer } from '../../../support/recording-smtp-server';
import type { FailoverClient } from '../../../support/failover-client';
import { UNSETTLED_EMAIL_STATUSES } from './reconciliation';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the system has nothing left to do: every stalled case has reached the last rung
 * of its ladder (`abandoned`), no email is unsettled, and no escalation appeared for a while.
 */
export async function untilQuiet(db: pg.Pool, stalledIds: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let stableSince = Date.now();
  for (;;) {
    const { rows } = await db.query<{ abandoned: string; unsettled: string; escalations: string }>(
      `SELECT (SELECT count(DISTINCT application_id) FROM escalations WHERE level = 'abandoned' AND application_id = ANY($1)) AS abandoned,
              (SELECT count(*) FROM outgoing_emails WHERE status = ANY($2)) AS unsettled,
              (SELECT count(*) FROM escalations) AS escalations`,
      [stalledIds, UNSETTLED_EMAIL_STATUSES],
    );
    const now = rows[0]!;
    const snapshot = JSON.stringify(now);
    if (snapshot !== last) [last, stableSince] = [snapshot, Date.now()];
    const done = Number(now.abandoned) === stalledIds.length && Number(now.unsettled) === 0;
    if (done && Date.now() - stableSince > 10_000) return;
    if (Date.now() > deadline) throw new Error(`not quiet after ${timeoutMs} ms: ${snapshot} of ${stalledIds.length} stalled`);
    await sleep(1_000);
  }
}

/**
 * What an operator does with an `unconfirmed` email (a sender died mid-send): looks in the
 * mailbox (here the SMTP server's record) and marks it delivered if every recipient has it,
 * or resends it, through the admin API with a reason.
 */
export async function resolveUnconfirmedEmails(
  db: pg.Pool,
  smtp: RecordingSmtpServer,
  client: FailoverClient,
  adminKey: string,
): Promise<{ markedDelivered: number; resent: number }> {
  const { rows } = await db.query<{ id: string; message_id: string; recipients: string }>(
    "SELECT id, message_id, recipients FROM outgoing_emails WHERE status = 'unconfirmed'",
  );
  let markedDelivered = 0;
  let resent = 0;
  for (const email of rows) {
    const arrived = new Set(smtp.received.filter((mail) => mail.parsed.messageId === email.message_id).flatMap((mail) => mail.envelope.to));
    const delivered = email.recipients.split(',').filter(Boolean).every((address) => arrived.has(address));
    const action = delivered ? 'mark-delivered' : 'resend';
    const answer = await client.post(`/admin/emails/${email.id}/${action}`, adminKey, { reason: 'checked the mailbox after the fault test' }, `${action}-${email.id}`);
    if (answer.status !== 200) throw new Error(`${action} of ${email.id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    if (delivered) markedDelivered += 1;
    else resent += 1;
  }
  return { markedDelivered, resent };
}
