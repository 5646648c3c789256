import { parseConnectionUrl } from 'nodemailer/lib/shared';
import SMTPConnection, { type SMTPError, type SentMessageInfo } from 'nodemailer/lib/smtp-connection';

/** What the server said about one recipient of one exchange. */
export interface RecipientOutcome {
  address: string;
  verdict: 'accepted' | 'rejected_temporarily' | 'rejected_permanently';
  /** The server's reply, e.g. `250 OK: queued` or `450 mailbox busy`. */
  response: string;
}

/**
 * The whole exchange, from connecting to the server's answer to the message, ends within this
 * or is cut off: well below the notify activity's one-minute start-to-close timeout
 * (workflows/deadline-supervisor.ts), so Temporal never starts a retry while a send is still
 * live. Idle timeouts alone do not bound it: a server that trickles a byte now and then keeps
 * every one of them from firing.
 */
export const SMTP_DEADLINE_MS = 40_000;

/** Each wait inside the exchange is also bounded, so a dead server fails fast. */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000, dnsTimeout: 10_000 } as const;
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

const verdictOf = (error: SMTPError): RecipientOutcome['verdict'] =>
  (error.permanent ?? (error.responseCode ?? 0) >= 500) ? 'rejected_permanently' : 'rejected_temporarily';

const responseOf = (error: SMTPError): string => error.response ?? error.message;

function outcomesOfSent(to: string[], info: SentMessageInfo): RecipientOutcome[] {
  const refused = new Map((info.rejectedErrors ?? []).map((error) => [error.recipient ?? '', error]));
  return to.map((address) => {
    const error = refused.get(address);
    if (error) return { address, verdict: verdictOf(error), response: responseOf(error) };
    // Not refused yet not listed as accepted cannot happen in SMTP; it is retried, never assumed.
    if (!info.accepted.includes(address)) return { address, verdict: 'rejected_temporarily', response: info.response };
    return { address, verdict: 'accepted', response: info.response };
  });
}

/**
 * The refusals that answer for recipients: every RCPT TO refused, or the message refused after
 * DATA. Plain SMTP answers the message once for all its recipients, so that answer becomes each
 * recipient's, one refused at RCPT TO included (the error no longer says which were). Null for
 * anything else: the exchange failed as a whole.
 */
function outcomesOfRefusal(to: string[], error: SMTPError): RecipientOutcome[] | null {
  if (error.command === 'RCPT TO' && error.rejectedErrors?.length) {
    const refused = new Map(error.rejectedErrors.map((e) => [e.recipient ?? '', e]));
    return to.map((address) => {
      const own = refused.get(address) ?? error;
      return { address, verdict: verdictOf(own), response: responseOf(own) };
    });
  }
  if (error.command === 'DATA' && error.responseCode) {
    return to.map((address) => ({ address, verdict: verdictOf(error), response: responseOf(error) }));
  }
  return null;
}
