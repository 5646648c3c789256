import type { SMTPError, SentMessageInfo } from 'nodemailer/lib/smtp-connection';

/** What the server said about one recipient of one exchange. */
export interface RecipientOutcome {
  address: string;
  verdict: 'accepted' | 'rejected_temporarily' | 'rejected_permanently';
  /** The server's reply, e.g. `250 OK: queued` or `450 mailbox busy`. */
  response: string;
}

const verdictOf = (error: SMTPError): RecipientOutcome['verdict'] =>
  (error.permanent ?? (error.responseCode ?? 0) >= 500) ? 'rejected_permanently' : 'rejected_temporarily';

const responseOf = (error: SMTPError): string => error.response ?? error.message;

export function outcomesOfSent(to: string[], info: SentMessageInfo): RecipientOutcome[] {
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
export function outcomesOfRefusal(to: string[], error: SMTPError): RecipientOutcome[] | null {
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
