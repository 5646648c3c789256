import nodemailer from 'nodemailer';
import type { SMTPError } from 'nodemailer/lib/smtp-connection';
import { SMTP_DEADLINE_MS, SMTP_TIMEOUTS, SmtpDeadlineError } from './smtp-exchange';
import { outcomesOfRefusal, outcomesOfSent, type RecipientOutcome } from './smtp-outcomes';

export interface SmtpPoolOptions {
  /** Connections open at once; messages beyond them wait in the pool's queue, in memory. */
  maxConnections: number;
  /** Messages one connection carries before it is replaced. */
  maxMessages: number;
  /** Bounds the whole send, the wait in the queue included (see SMTP_DEADLINE_MS). */
  deadlineMs?: number;
}

export interface SmtpPool {
  send(envelope: { from: string; to: string[] }, raw: Buffer): Promise<RecipientOutcome[]>;
  close(): Promise<void>;
}

/**
 * Composed messages over a few long-lived connections (nodemailer's pooled transport): no TCP
 * and SMTP handshake per message. The deadline aborts a send that has not been answered in time:
 * a message still queued is dropped and never sent, one on the wire has its connection destroyed,
 * so the server never sees it end and must not deliver it, as with one connection per message.
 * The pool requeues a message only when its connection closed under it (nodemailer sends it
 * again only if not a byte of it went out), within the same deadline. A message queued in memory
 * when the process dies was never sent: the outbox row is `sending`, and the retry marks it
 * `unconfirmed` rather than risk a second copy, as for a death mid-exchange.
 */
export function createSmtpPool(url: string, { maxConnections, maxMessages, deadlineMs = SMTP_DEADLINE_MS }: SmtpPoolOptions): SmtpPool {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections,
    maxMessages,
    ...SMTP_TIMEOUTS,
    // Destroyed at once when cut off: a graceful end could still let the server finish the message.
    socketCloseTimeout: 0,
  });
  return {
    async send(envelope, raw) {
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), deadlineMs);
      try {
        const info = await transport.sendMail({ envelope, raw, signal: deadline.signal });
        return outcomesOfSent(envelope.to, info);
      } catch (error) {
        if (deadline.signal.aborted) throw new SmtpDeadlineError(deadlineMs);
        const outcomes = outcomesOfRefusal(envelope.to, error as SMTPError);
        if (outcomes) return outcomes;
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    // Idle connections close at once; a message on the wire is answered first (bounded by its deadline).
    async close() {
      transport.close();
    },
  };
}
