import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection from 'nodemailer/lib/smtp-connection';
import { outcomesOfRefusal, outcomesOfSent, type RecipientOutcome } from './smtp-outcomes';

export type { RecipientOutcome } from './smtp-outcomes';

/**
 * The whole exchange, from connecting to the server's answer to the message, ends within this
 * or is cut off: well below the notify activity's one-minute start-to-close timeout
 * (workflows/deadline-supervisor.ts), so Temporal never starts a retry while a send is still
 * live. Idle timeouts alone do not bound it: a server that trickles a byte now and then keeps
 * every one of them from firing.
 */
export const SMTP_DEADLINE_MS = 40_000;

/** Each wait inside the exchange is also bounded, so a dead server fails fast. */
export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, dnsTimeout: 10_000 } as const;
/** How long a polite QUIT may take once the message is answered; the outcome is known by then. */
const QUIT_GRACE_MS = 5_000;

export class SmtpDeadlineError extends Error {
  constructor(deadlineMs: number) {
    super(`the SMTP exchange did not end within ${deadlineMs} ms and was cut off`);
    this.name = 'SmtpDeadlineError';
  }
}

/**
 * Sends one composed message over one new connection and reports a verdict per recipient.
 * Rejects only when no recipient got an answer of its own: the connection, the greeting, the
 * login or the sender failed, or the deadline passed (the connection is then destroyed, so the
 * server never sees the message end and must not deliver it).
 */
export function exchangeMessage(
  url: string,
  envelope: { from: string; to: string[] },
  raw: Buffer,
  deadlineMs: number = SMTP_DEADLINE_MS,
): Promise<RecipientOutcome[]> {
  const { auth, ...options } = parseConnectionUrl(url);
  const connection = new SMTPConnection({ ...options, ...SMTP_TIMEOUTS, socketCloseTimeout: 0 });
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, outcomes: RecipientOutcome[] = []) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (error) {
        connection.close();
        reject(error);
        return;
      }
      connection.quit();
      setTimeout(() => connection.close(), QUIT_GRACE_MS).unref();
      resolve(outcomes);
    };
    const deadline = setTimeout(() => finish(new SmtpDeadlineError(deadlineMs)), deadlineMs);
    connection.on('error', (error: Error) => finish(error));
    connection.once('end', () => finish(new Error('the SMTP connection closed before the message was answered')));
    const send = () =>
      connection.send(envelope, raw, (error, info) => {
        if (!error) return finish(null, outcomesOfSent(envelope.to, info));
        const outcomes = outcomesOfRefusal(envelope.to, error);
        return outcomes ? finish(null, outcomes) : finish(error);
      });
    connection.connect((error) => {
      if (error) return finish(error);
      if (!auth) return send();
      connection.login(auth, (loginError) => (loginError ? finish(loginError) : send()));
    });
  });
}
