import { EmailStatus } from './email-status';

/** What the users of the API and the console read about an escalation's email. */
export const deliveryStatuses = ['queued', 'sent', 'unconfirmed', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface DeliveryFacts {
  /** The outbox row's status; null when the escalation has no row (recorded before the outbox). */
  emailStatus: string | null;
  /**
   * The case has moved on since the escalation was recorded: the workflow cancels a notice whose
   * wait ended, so an email still `failed` or `partly_sent` will not be retried.
   */
  waitEnded: boolean;
}

/**
 * An escalation's delivery status from its outbox row:
 * - `queued`: no row yet, `pending`, `sending`, or `failed`/`partly_sent` while Temporal still
 *   retries (the wait is on);
 * - `sent`: `sent` or `partly_rejected` (some refused for good, the others have it), and
 *   `partly_sent` once retries stopped (some have it, the rest never will);
 * - `unconfirmed`: a worker died mid-send: perhaps delivered, never sent again automatically
 *   (an admin resends it or marks it delivered);
 * - `failed`: `rejected` (every recipient refused it for good), and `failed` once retries stopped;
 * - `skipped`: `skipped_no_recipients`, `skipped_wait_ended`.
 */
export function deliveryStatusOf({ emailStatus, waitEnded }: DeliveryFacts): DeliveryStatus {
  switch (emailStatus) {
    case null:
    case EmailStatus.Pending:
    case EmailStatus.Sending:
      return 'queued';
    case EmailStatus.Failed:
      return waitEnded ? 'failed' : 'queued';
    case EmailStatus.PartlySent:
      return waitEnded ? 'sent' : 'queued';
    case EmailStatus.Sent:
    case EmailStatus.PartlyRejected:
      return 'sent';
    case EmailStatus.Unconfirmed:
      return 'unconfirmed';
    case EmailStatus.Rejected:
      return 'failed';
    case EmailStatus.SkippedNoRecipients:
    case EmailStatus.SkippedWaitEnded:
      return 'skipped';
    default:
      // A status this code does not know yet is not claimed to be delivered.
      return 'queued';
  }
}
