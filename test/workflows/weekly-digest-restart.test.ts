import { randomUUID } from 'node:crypto';
import { EmailStatus, messageIdFor } from '../../activities/escalation-outbox';
import { digestEmailIdFor, digestKeyFor } from '../../activities/weekly-digest-outbox';
import { weekEndedBefore } from '../../domain/figures/week';
import { createSmtpMailer, type Mailer } from '../../mail/mailer';
import { calendarScheduleShape } from '../../server/calendar-schedule';
import { DIGEST_SCHEDULE_ID } from '../../server/digest-schedule';
import { type Harness, type RunningWorker, startHarness } from '../support/harness';
import { type RecordingSmtpServer, startRecordingSmtpServer } from '../../support/recording-smtp-server';
import { startWorkerProcess, stopAllWorkerProcesses } from '../../support/worker-process';
import { type BundleFile, writeWorkflowBundle } from '../../support/workflow-bundle';
import { governorsOffice, startDigestWorker, triggerDigest } from './support/weekly-digest-setup';

/**
 * A worker process of the real entry point (server/main.ts, RUN_MODE=worker) creates the
 * Schedule at start and runs the digest; it is killed with SIGKILL while the SMTP server holds
 * the digest's DATA, stored but not yet answered. A new worker takes over the run.
 */
let harness: Harness;
let smtp: RecordingSmtpServer;
let bundle: BundleFile;
let mailer: Mailer;
let worker: RunningWorker | undefined;
const taskQueue = `digest-${randomUUID()}`;

beforeAll(async () => {
  [harness, smtp, bundle] = await Promise.all([startHarness(), startRecordingSmtpServer(), writeWorkflowBundle()]);
  mailer = createSmtpMailer(smtp.url);
}, 120_000);
afterAll(async () => {
  await stopAllWorkerProcesses();
  await worker?.stop();
  await harness?.stop();
  await mailer?.close();
  await smtp?.close();
  await bundle?.remove();
});

test('given the worker killed while the SMTP server holds the digest, a new worker finishes the run and exactly one digest arrives for the week', async () => {
  const workerProcess = await startWorkerProcess({
    databaseUrl: harness.database.url,
    temporalAddress: harness.env.address,
    taskQueue,
    workflowBundlePath: bundle.path,
    env: { SMTP_URL: smtp.url, GOVERNORS_OFFICE_EMAILS: governorsOffice.join(','), PUBLIC_BASE_URL: 'https://loans.lahijan.example' },
  });
  expect(workerProcess.output()).toContain('weekly digest schedule created');
  const schedule = await harness.env.client.schedule.getHandle(DIGEST_SCHEDULE_ID).describe();
  expect(calendarScheduleShape(schedule)).toMatchObject({ dayOfWeek: 'SATURDAY', hour: 8, minute: 0, timezone: 'Asia/Tehran', taskQueue });

  // The message is stored; the worker dies before it hears the server's 250.
  smtp.onAccepted = () => workerProcess.kill('SIGKILL');
  const run = triggerDigest(harness.env.client);
  expect(await workerProcess.exited).toMatchObject({ signal: 'SIGKILL' });
  smtp.onAccepted = null;
  const week = weekEndedBefore(new Date());
  const id = digestEmailIdFor(week.label);
  expect(await harness.prisma.outgoingEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: EmailStatus.Sending, attempts: 1 });

  worker = await startDigestWorker(harness, taskQueue, mailer);

  expect(await run).toEqual({ week: week.label, status: EmailStatus.Unconfirmed });
  expect(smtp.received).toHaveLength(1);
  expect(smtp.received[0]!.parsed.messageId).toBe(messageIdFor(digestKeyFor(week.label)));
  expect(smtp.received[0]!.envelope.to.sort()).toEqual([...governorsOffice].sort());
  expect(await harness.prisma.outgoingEmail.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: EmailStatus.Unconfirmed, attempts: 1 });

  // A later trigger of the same week finds the row and sends nothing.
  expect(await triggerDigest(harness.env.client)).toEqual({ week: week.label, status: EmailStatus.Unconfirmed });
  expect(smtp.received).toHaveLength(1);
}, 240_000);
