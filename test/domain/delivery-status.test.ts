import { deliveryStatusOf } from '../../domain/delivery-status';
import { EmailStatus } from '../../domain/email-status';

/** Every outbox status, while the wait is on and once it ended, as users read it. */
const table: Array<[string | null, string, string]> = [
  [null, 'queued', 'queued'],
  [EmailStatus.Pending, 'queued', 'queued'],
  [EmailStatus.Sending, 'queued', 'queued'],
  [EmailStatus.Failed, 'queued', 'failed'],
  [EmailStatus.PartlySent, 'queued', 'sent'],
  [EmailStatus.Sent, 'sent', 'sent'],
  [EmailStatus.PartlyRejected, 'sent', 'sent'],
  [EmailStatus.Unconfirmed, 'unconfirmed', 'unconfirmed'],
  [EmailStatus.Rejected, 'failed', 'failed'],
  [EmailStatus.SkippedNoRecipients, 'skipped', 'skipped'],
  [EmailStatus.SkippedWaitEnded, 'skipped', 'skipped'],
  ['a status from the future', 'queued', 'queued'],
];

test.each(table)('an email %p reads %s while retried and %s once the case moved on', (emailStatus, whileOn, afterwards) => {
  expect(deliveryStatusOf({ emailStatus, waitEnded: false })).toBe(whileOn);
  expect(deliveryStatusOf({ emailStatus, waitEnded: true })).toBe(afterwards);
});

test('every status the outbox writes is mapped', () => {
  const mapped = new Set(table.map(([status]) => status));
  for (const status of Object.values(EmailStatus)) expect(mapped.has(status)).toBe(true);
});
