import { ApplicationFailure } from '@temporalio/common';
import { EmailStatus, messageIdFor, RECIPIENTS_DEFERRED, RecipientStatus } from '../../activities/notify-stalled-case';
import { recordingLogger, runAttempt } from './activity-context';
import { rowsOf, useMailTestBed } from './mail-test-bed';
import { aNotice, governorsOffice, seedApplication } from './seed';

const bed = useMailTestBed();
const rows = rowsOf(bed);
// governorsOffice sorted: the recipient rows come back in address order.
const [deputy, governor] = [...governorsOffice].sort() as [string, string];

/** Every RCPT TO the server answered, in order, to count who was mailed how often. */
function countRecipientCommands(): string[] {
  const seen: string[] = [];
  const previous = bed.smtp.refuse;
  bed.smtp.refuse = (stage, recipient) => {
    if (stage === 'rcpt') seen.push(recipient ?? '');
    return previous?.(stage, recipient) ?? null;
  };
  return seen;
}

describe('per-recipient delivery of an escalation email', () => {
  test('given a recipient refused for now, the attempt fails for a retry that reaches that recipient once and does not mail the accepted one again', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id);
    let busy = true;
    bed.smtp.refuse = (stage, recipient) => (busy && stage === 'rcpt' && recipient === deputy ? { code: 450, message: 'mailbox busy, try later' } : null);

    const failure = await runAttempt(bed.deps, notice).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: RECIPIENTS_DEFERRED, nonRetryable: false, message: expect.stringContaining('mailbox busy') });
    expect(bed.smtp.received.map((mail) => mail.envelope.to)).toEqual([[governor]]);
    expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.PartlySent, attempts: 1, sentAt: null });
    expect(await rows.recipients(notice.key)).toEqual([
      expect.objectContaining({ address: deputy, status: RecipientStatus.RejectedTemporarily, attempts: 1, acceptedAt: null, lastResponse: expect.stringMatching(/^450 /) }),
      expect.objectContaining({ address: governor, status: RecipientStatus.Accepted, attempts: 1, acceptedAt: expect.any(Date) }),
    ]);

    busy = false;
    await runAttempt(bed.deps, notice);
    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received.map((mail) => mail.envelope.to)).toEqual([[governor], [deputy]]);
    const retried = bed.smtp.received[1]!.parsed;
    expect(retried.messageId).toBe(messageIdFor(notice.key));
    // The same message: its To header still names everyone it is for.
    expect(retried.headers.get('to')).toMatchObject({ value: expect.arrayContaining([expect.objectContaining({ address: governor })]) });
    expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.Sent, attempts: 2, lastError: null, sentAt: expect.any(Date) });
    expect(await rows.recipients(notice.key)).toEqual([
      expect.objectContaining({ address: deputy, status: RecipientStatus.Accepted, attempts: 2 }),
      expect.objectContaining({ address: governor, status: RecipientStatus.Accepted, attempts: 1 }),
    ]);
  });

  test('given a recipient refused for good, the refusal is recorded for that recipient and nobody is mailed again', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id);
    bed.smtp.refuse = (stage, recipient) => (stage === 'rcpt' && recipient === deputy ? { code: 550, message: 'no such mailbox' } : null);
    const rcpts = countRecipientCommands();

    await runAttempt(bed.deps, notice);
    await runAttempt(bed.deps, notice);

    expect(rcpts.sort()).toEqual([deputy, governor]);
    expect(bed.smtp.received.map((mail) => mail.envelope.to)).toEqual([[governor]]);
    expect(await rows.email(notice.key)).toMatchObject({
      status: EmailStatus.PartlyRejected,
      attempts: 1,
      sentAt: expect.any(Date),
      lastError: expect.stringContaining(`${deputy}: 550 no such mailbox`),
    });
    expect(await rows.recipients(notice.key)).toEqual([
      expect.objectContaining({ address: deputy, status: RecipientStatus.RejectedPermanently, attempts: 1, lastResponse: '550 no such mailbox' }),
      expect.objectContaining({ address: governor, status: RecipientStatus.Accepted, attempts: 1 }),
    ]);
  });

  test('given every recipient refused for good, the email is recorded as rejected, an error is logged and it is never retried', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id);
    bed.smtp.refuse = (stage) => (stage === 'rcpt' ? { code: 550, message: 'relaying denied' } : null);
    const rcpts = countRecipientCommands();
    const logger = recordingLogger();

    await runAttempt(bed.deps, notice, logger);
    await runAttempt(bed.deps, notice, logger);

    expect(rcpts).toHaveLength(2);
    expect(bed.smtp.received).toHaveLength(0);
    expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.Rejected, attempts: 1, sentAt: null });
    expect((await rows.recipients(notice.key)).map((r) => r.status)).toEqual([RecipientStatus.RejectedPermanently, RecipientStatus.RejectedPermanently]);
    expect(logger.entries.filter((e) => e.level === 'ERROR').map((e) => e.meta?.escalationKey)).toEqual([notice.key]);
  });

  test('given a server that refuses everyone for now and then the message itself for now, each attempt fails and a later one delivers exactly one mail', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id, { round: 1 });
    let refusing: 'rcpt' | 'data' | null = 'rcpt';
    bed.smtp.refuse = (stage) =>
      refusing !== stage ? null : stage === 'rcpt' ? { code: 450, message: 'mailbox unavailable' } : { code: 451, message: 'try again later' };

    await expect(runAttempt(bed.deps, notice)).rejects.toThrow(/mailbox unavailable/);
    expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.Failed, attempts: 1, lastError: expect.stringContaining('mailbox unavailable') });
    refusing = 'data';
    await expect(runAttempt(bed.deps, notice)).rejects.toThrow(/try again later/);
    expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.Failed, attempts: 2, lastError: expect.stringContaining('try again later') });
    expect(bed.smtp.received).toHaveLength(0);
    refusing = null;

    await runAttempt(bed.deps, notice);
    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received).toHaveLength(1);
    expect(bed.smtp.received[0]!.envelope.to.sort()).toEqual([deputy, governor]);
    expect(bed.smtp.received[0]!.parsed.subject).toContain('تکرار ۱');
    expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.Sent, attempts: 3, lastError: null });
    expect((await rows.recipients(notice.key)).map((r) => [r.status, r.attempts])).toEqual([
      [RecipientStatus.Accepted, 3],
      [RecipientStatus.Accepted, 3],
    ]);
    expect(await rows.escalations(notice.key)).toHaveLength(1);
  });

  test('given an email recorded before recipients had rows of their own, a retry creates them and delivers to each', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id);
    bed.smtp.refuse = (stage) => (stage === 'data' ? { code: 451, message: 'try again later' } : null);
    await expect(runAttempt(bed.deps, notice)).rejects.toThrow(/try again later/);
    // What the outbox looked like before this table: the email, and no recipient rows.
    await bed.database.prisma.emailRecipient.deleteMany({ where: { emailId: (await rows.email(notice.key)).id } });
    bed.smtp.refuse = null;

    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received.map((mail) => mail.envelope.to.sort())).toEqual([[deputy, governor]]);
    expect((await rows.recipients(notice.key)).map((r) => [r.address, r.status])).toEqual([
      [deputy, RecipientStatus.Accepted],
      [governor, RecipientStatus.Accepted],
    ]);
  });
});
