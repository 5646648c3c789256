import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EmailStatus, outgoingEmailIdFor } from '../../activities/notify-stalled-case';
import { workflowIdFor } from '../../domain/contract';
import { agency, bank } from '../../support/fixtures';
import { type BundleFile, writeWorkflowBundle } from '../../support/workflow-bundle';
import { submitted } from '../support/walk';
import { runWorkerUntilItDies } from './support/child-worker';
import { GOVERNORS_OFFICE, type LadderSetup, policy, startLadderSetup, until } from './support/ladder-setup';

/**
 * A notice's sender killed mid-send, and the case moved on before anyone retried the notice.
 * The mail may have left, so it is never sent again; its outbox row must still not stay `sending`
 * for good: the notice's next attempt settles it as `unconfirmed`, for an operator to decide.
 * Real dev server, real PostgreSQL, a real SMTP server, a real worker process killed with SIGKILL.
 * The retry waits out the notice's one-minute start-to-close timeout, so this test takes a while.
 */
let setup: LadderSetup;
let bundle: BundleFile;

beforeAll(async () => {
  [setup, bundle] = await Promise.all([startLadderSetup(), writeWorkflowBundle()]);
});
afterAll(async () => {
  await setup?.stop();
  await bundle?.remove();
});

async function runWorkerThatDiesMidSend(): Promise<NodeJS.Signals | null> {
  const { harness } = setup;
  return runWorkerUntilItDies('die-mid-send-worker.ts', {
    DATABASE_URL: harness.database.url,
    TEMPORAL_ADDRESS: harness.env.address,
    TEMPORAL_TASK_QUEUE: harness.taskQueue,
    WORKFLOW_BUNDLE_PATH: bundle.path,
    GOVERNORS_OFFICE_EMAILS: GOVERNORS_OFFICE,
    DATA_DIR: await mkdtemp(path.join(tmpdir(), 'die-mid-send-')),
  });
}

test('given a reminder whose sender died mid-send and a case that then moved on, the email is settled as unconfirmed, never left sending and never sent twice', async () => {
  const { harness } = setup;
  await harness.worker.stop();
  const died = runWorkerThatDiesMidSend();
  const workflows = setup.gateway(policy({ categorization: 1 }));
  const id = await submitted(workflows);
  expect(await died).toBe('SIGKILL');

  const [escalation] = await harness.prisma.escalation.findMany({ where: { applicationId: id } });
  const emailId = outgoingEmailIdFor(escalation!.escalationKey);
  const status = async () => (await harness.prisma.outgoingEmail.findUniqueOrThrow({ where: { id: emailId } })).status;
  expect(await status()).toBe(EmailStatus.Sending);

  harness.worker = await harness.startWorker();
  await workflows.step(id, 'categorize', { actor: agency, data: { category: 'home_business', priority: 'normal', bankId: bank.organizationId } });

  await until(async () => (await status()) === EmailStatus.Unconfirmed, 110_000, 'the email was never settled as unconfirmed');
  expect(setup.mailsAbout(id)).toHaveLength(0);
  const history = await harness.env.client.workflow.getHandle(workflowIdFor(id)).fetchHistory();
  const events = history.events ?? [];
  expect(events.some((event) => event.activityTaskCancelRequestedEventAttributes)).toBe(false);
  await until(async () => {
    const latest = (await harness.env.client.workflow.getHandle(workflowIdFor(id)).fetchHistory()).events ?? [];
    return latest.some((event) => event.activityTaskCompletedEventAttributes);
  }, 10_000, 'the notice never completed');
}, 180_000);
