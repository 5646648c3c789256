import { EmailStatus, outgoingEmailIdFor } from '../../activities/notify-stalled-case';
import { runAttempt } from './activity-context';
import { rowsOf, useMailTestBed } from './mail-test-bed';
import { aNotice, seedApplication } from './seed';

const bed = useMailTestBed();
const rows = rowsOf(bed);

/** The application takes its next step: the database now holds transition `sequence`. */
const moveOn = (applicationId: string, sequence: number) =>
  bed.database.prisma.application.update({ where: { id: applicationId }, data: { lastSequence: sequence } });

describe('a notice whose wait has ended by the time it is sent', () => {
  test('given a notice issued at the current transition, it is sent', async () => {
    const application = await seedApplication(bed.database.prisma); // at transition 2
    const notice = aNotice(application.id, { stateSequence: 2 });

    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received).toHaveLength(1);
    expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.Sent });
  });

  test('given the application moved on before the first attempt, nothing is recorded and nothing is sent', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id, { stateSequence: 2 });
    await moveOn(application.id, 3);

    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received).toHaveLength(0);
    expect(await bed.database.prisma.outgoingEmail.findUnique({ where: { id: outgoingEmailIdFor(notice.key) } })).toBeNull();
    expect(await rows.escalations(notice.key)).toHaveLength(0);
  });

  test('given a first attempt that failed to send, when the application moves on, the retry marks the email skipped and sends nothing', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id, { stateSequence: 2 });
    bed.smtp.refuse = (stage) => (stage === 'data' ? { code: 451, message: 'try again later' } : null);
    await expect(runAttempt(bed.deps, notice)).rejects.toThrow(/try again later/);
    bed.smtp.refuse = null;
    await moveOn(application.id, 3);

    await runAttempt(bed.deps, notice);
    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received).toHaveLength(0);
    expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.SkippedWaitEnded, attempts: 1 });
    // The escalation itself happened (it was due and recorded); only its mail is not sent late.
    expect(await rows.escalations(notice.key)).toHaveLength(1);
  });

  test('given a notice from a workflow recorded before notices carried a sequence, it is sent as before', async () => {
    const application = await seedApplication(bed.database.prisma);
    const notice = aNotice(application.id);
    await moveOn(application.id, 3);

    await runAttempt(bed.deps, notice);

    expect(bed.smtp.received).toHaveLength(1);
    expect(await rows.email(notice.key)).toMatchObject({ status: EmailStatus.Sent });
  });
});
