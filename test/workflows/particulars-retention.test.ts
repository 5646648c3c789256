import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../config/config';
import { createWorker } from '../../worker/create-worker';
import { calendarScheduleShape } from '../../server/calendar-schedule';
import { RETENTION_SCHEDULE_ID, ensureRetentionSchedule } from '../../server/retention-schedule';
import type { ParticularsRetentionOutcome } from '../../workflows/particulars-retention';
import { agency } from '../../support/fixtures';
import { sealedApplicantColumns } from '../../security/sealed-records';
import { testFieldCipher } from '../../support/test-field-cipher';
import { workflowBundle } from '../../support/workflow-bundle';
import { type Harness, type RunningWorker, runningWorker, startHarness } from '../support/harness';

/**
 * The retention on the real stack: a dev server with its Schedule, PostgreSQL, and a worker
 * given RETENTION_AFTER_CLOSURE_DAYS from the configuration as server/main.ts gives it.
 */
const DAY_MS = 86_400_000;
const retentionDays = loadConfig({}).RETENTION_AFTER_CLOSURE_DAYS;
const taskQueue = `retention-${randomUUID()}`;
let harness: Harness;
let worker: RunningWorker;

beforeAll(async () => {
  harness = await startHarness();
  const created = await createWorker(
    { connection: harness.env.nativeConnection, namespace: harness.env.namespace ?? 'default', taskQueue, workflowBundle: { code: (await workflowBundle()).code } },
    { prisma: harness.prisma, fields: testFieldCipher, retention: { days: retentionDays } },
  );
  worker = runningWorker(created);
}, 120_000);
afterAll(async () => {
  await worker?.stop();
  await harness?.stop();
});

async function seedClosed(closedAt: Date): Promise<string> {
  const id = randomUUID();
  const particulars = { nationalId: '2610000001', fullName: 'Seeded Applicant', phone: '+989111234567', address: 'Lahijan' };
  await harness.prisma.applicant.create({ data: { id, district: 'central', ...sealedApplicantColumns(testFieldCipher, particulars) } });
  await harness.prisma.application.create({
    data: {
      id, workflowId: `loan-application-${id}`, agencyId: agency.organizationId, agencyReference: `RET-${id}`, applicantId: id,
      requestedAmount: '150000000000', purpose: 'seeded for the retention', jobsCommitted: 3, district: 'central', stage: 'rejected',
      lastSequence: 1, submittedAt: closedAt, updatedAt: closedAt, closedAt,
    },
  });
  return id;
}

/** Triggers the Schedule now and returns the outcome of the run it started. */
async function triggerRetention(): Promise<ParticularsRetentionOutcome> {
  const schedule = harness.env.client.schedule.getHandle(RETENTION_SCHEDULE_ID);
  await schedule.trigger();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const [started] = (await schedule.describe()).info.recentActions;
    if (started) return harness.env.client.workflow.getHandle(started.action.workflow.workflowId, started.action.workflow.firstExecutionRunId).result();
    if (Date.now() > deadline) throw new Error('the schedule did not start a run');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('given a start, the Schedule is created for 03:00 Tehran time every day; a second start changes nothing, and a changed queue updates the one Schedule', async () => {
  const { client } = harness.env;
  expect(await ensureRetentionSchedule(client, { taskQueue: 'elsewhere' })).toBe('created');
  expect(await ensureRetentionSchedule(client, { taskQueue })).toBe('updated');
  expect(await ensureRetentionSchedule(client, { taskQueue })).toBe('unchanged');

  const description = await client.schedule.getHandle(RETENTION_SCHEDULE_ID).describe();
  expect(calendarScheduleShape(description)).toEqual({
    dayOfWeek: 'EVERY_DAY', hour: 3, minute: 0, timezone: 'Asia/Tehran', taskQueue, workflowType: 'particularsRetentionWorkflow', overlap: 'SKIP', catchupWindowMs: DAY_MS,
  });
  const next = description.info.nextActionTimes[0]!;
  expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tehran', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('03:00');
  const schedules = [];
  for await (const schedule of client.schedule.list()) schedules.push(schedule.scheduleId);
  expect(schedules).toEqual([RETENTION_SCHEDULE_ID]);
});

test('given the Schedule triggered, the particulars of an application closed past the retention are erased and one closed within it is kept', async () => {
  await ensureRetentionSchedule(harness.env.client, { taskQueue });
  const expired = await seedClosed(new Date(Date.now() - (retentionDays + 1) * DAY_MS));
  const kept = await seedClosed(new Date(Date.now() - (retentionDays - 1) * DAY_MS));

  const outcome = await triggerRetention();

  expect(outcome.erased).toBe(1);
  const applicants = await harness.prisma.applicant.findMany({ where: { id: { in: [expired, kept] } } });
  const byId = Object.fromEntries(applicants.map((a) => [a.id, a]));
  expect(byId[expired]).toMatchObject({ nationalId: '', fullName: '', phone: '', address: '', nationalIdIndex: null, nameIndex: [] });
  expect(byId[expired]!.erasedAt).toEqual(new Date(outcome.asOf));
  expect(testFieldCipher.open(byId[kept]!.fullName)).toBe('Seeded Applicant');
  expect(byId[kept]!.erasedAt).toBeNull();
}, 60_000);
