import { bank } from '../../support/fixtures';
import { type Harness, startHarness } from '../support/harness';
import { referredToBank } from '../support/walk';
import { runWorkerUntilItDies } from './support/child-worker';
import { type BundleFile, writeWorkflowBundle } from '../../support/workflow-bundle';

/**
 * A worker killed between the persistence local activity's commit and its workflow task's
 * completion: the database has the step, the workflow has not taken it. When another worker
 * takes the step again (the server hands the Update to it), the projection is corrected.
 * Real dev server, real PostgreSQL, a real worker process killed with SIGKILL.
 */
let harness: Harness;
let bundle: BundleFile;

beforeAll(async () => {
  [harness, bundle] = await Promise.all([startHarness(), writeWorkflowBundle()]);
});
afterAll(async () => {
  await harness?.stop();
  await bundle?.remove();
});

function runCrashingWorker(crashAfterStep: string): Promise<NodeJS.Signals | null> {
  return runWorkerUntilItDies('crash-after-persist-worker.ts', {
    DATABASE_URL: harness.database.url,
    TEMPORAL_ADDRESS: harness.env.address,
    TASK_QUEUE: harness.taskQueue,
    WORKFLOW_BUNDLE_PATH: bundle.path,
    CRASH_AFTER_STEP: crashAfterStep,
  });
}

test('given a worker killed after persisting a step but before its workflow task completes, the next worker takes the step and the database agrees with the workflow', async () => {
  const id = await referredToBank(harness.workflows);
  await harness.worker.stop();

  const died = runCrashingWorker('acknowledgeReceipt');
  const step = harness.workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
  expect(await died).toBe('SIGKILL');
  // The dead worker's write is in the database although the workflow has not taken the step.
  const orphan = await harness.prisma.applicationStep.findUniqueOrThrow({ where: { applicationId_sequence: { applicationId: id, sequence: 3 } } });

  harness.worker = await harness.startWorker();
  const state = await step;

  expect(state.sequence).toBe(3);
  const rows = await harness.prisma.applicationStep.findMany({ where: { applicationId: id }, orderBy: { sequence: 'asc' } });
  expect(rows.map((r) => r.step)).toEqual(['submit', 'categorize', 'acknowledgeReceipt']);
  // The row now records the transition the workflow took, at the workflow's time.
  expect(rows[2]!.occurredAt.toISOString()).toBe(state.lastTransitionAt);
  expect(rows[2]!.occurredAt.getTime()).not.toBe(orphan.occurredAt.getTime());
  const repairs = await harness.prisma.projectionRepair.findMany({ where: { applicationId: id } });
  expect(repairs.map((r) => r.sequence)).toEqual([3]);
  const application = await harness.prisma.application.findUniqueOrThrow({ where: { id } });
  expect([application.reviewStep, application.lastSequence, application.updatedAt.toISOString()]).toEqual(['documents', 3, state.lastTransitionAt]);
}, 120_000);
