import { EmailStatus, RecipientStatus } from '../../activities/notify-stalled-case';
import { runAttempt } from './activity-context';
import { rowsOf, useMailTestBed } from './mail-test-bed';
import { aNotice, seedApplication } from './seed';

// The production deadline is 40 s under a one-minute activity timeout; the same mechanism with
// a short one keeps this test quick.
const DEADLINE_MS = 1_500;
const bed = useMailTestBed({ deadlineMs: DEADLINE_MS });
const rows = rowsOf(bed);

test('given a server that hangs in DATA, the attempt fails at the whole-exchange deadline and the retry delivers exactly once, with nothing left unconfirmed', async () => {
  const application = await seedApplication(bed.database.prisma);
  const notice = aNotice(application.id);
  bed.smtp.stallMessages = 1;

  const started = Date.now();
  await expect(runAttempt(bed.deps, notice)).rejects.toThrow(/did not end within 1500 ms/);
  const elapsed = Date.now() - started;

  // Cut off at the deadline, not left to the idle timeouts (20 s and more), so no overlapping retry.
  expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS);
  expect(elapsed).toBeLessThan(DEADLINE_MS + 3_000);
  expect(bed.smtp.received).toHaveLength(0);
  expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.Failed, attempts: 1, lastError: expect.stringContaining('did not end within') });
  expect((await rows.recipients(notice.key)).map((r) => r.status)).toEqual([RecipientStatus.Pending, RecipientStatus.Pending]);

  await runAttempt(bed.deps, notice);
  await runAttempt(bed.deps, notice);

  expect(bed.smtp.received).toHaveLength(1);
  expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.Sent, attempts: 2, lastError: null });
  expect((await rows.recipients(notice.key)).map((r) => [r.status, r.attempts])).toEqual([
    [RecipientStatus.Accepted, 2],
    [RecipientStatus.Accepted, 2],
  ]);
});
