/** Statuses of an outgoing email row (outgoing_emails), shared by the worker that sends and the API that reports. */
export const EmailStatus = {
  Pending: 'pending',
  Sending: 'sending',
  /** Every recipient accepted the mail. */
  Sent: 'sent',
  /** Some recipients accepted it and the others refused it for good: settled, never sent again. */
  PartlyRejected: 'partly_rejected',
  /** Every recipient refused it for good: settled, never sent again. */
  Rejected: 'rejected',
  /** Some recipients accepted it, others refused it for now: the next attempt sends to those only. */
  PartlySent: 'partly_sent',
  /** No recipient has it yet and the last attempt failed: the next attempt tries them all again. */
  Failed: 'failed',
  /** A send was started and its outcome never recorded: perhaps delivered, never sent again automatically. */
  Unconfirmed: 'unconfirmed',
  SkippedNoRecipients: 'skipped_no_recipients',
  /** The wait it was about ended (the application moved) before the mail reached everyone; the recipient rows say who has it. */
  SkippedWaitEnded: 'skipped_wait_ended',
} as const;

export type EmailStatusValue = (typeof EmailStatus)[keyof typeof EmailStatus];
export const emailStatuses = Object.values(EmailStatus) as [EmailStatusValue, ...EmailStatusValue[]];

/** Statuses of one recipient of an outgoing email (email_recipients). */
export const RecipientStatus = {
  Pending: 'pending',
  Accepted: 'accepted',
  RejectedTemporarily: 'rejected_temporarily',
  RejectedPermanently: 'rejected_permanently',
} as const;
