import { bank } from '../../support/fixtures';
import { type Harness, startHarness } from '../support/harness';
import { referredToBank } from '../support/walk';
import { startWorkerProcess, stopAllWorkerProcesses } from '../../support/worker-process';
import { type BundleFile, writeWorkflowBundle } from '../../support/workflow-bundle';
import { freePort } from '../../support/free-port';

/**
 * The worker entry point (RUN_MODE=worker, as docker-compose runs it) serves Prometheus
 * metrics when METRICS_BIND_ADDRESS is set, and a projection repair is counted there.
 * Real dev server, real PostgreSQL, a real worker process.
 */
let harness: Harness;
let bundle: BundleFile;

beforeAll(async () => {
  [harness, bundle] = await Promise.all([startHarness(), writeWorkflowBundle()]);
});
afterAll(async () => {
  await stopAllWorkerProcesses();
  await harness?.stop();
  await bundle?.remove();
});


const repairsCounted = async (address: string): Promise<number> => {
  const text = await (await fetch(`http://${address}/metrics`)).text();
  const line = text.split('\n').find((l) => /^(temporal_)?loan_projection_repairs(_total)?(\{[^}]*\})? /.test(l));
  return line ? Number(line.split(' ').pop()) : 0;
};

test('given a worker process with metrics on, a repaired projection is counted in loan_projection_repairs', async () => {
  const id = await referredToBank(harness.workflows);
  await harness.worker.stop();
  const address = `127.0.0.1:${await freePort()}`;
  await startWorkerProcess({
    databaseUrl: harness.database.url,
    temporalAddress: harness.env.address,
    taskQueue: harness.taskQueue,
    workflowBundlePath: bundle.path,
    env: { METRICS_BIND_ADDRESS: address },
  });
  expect(await repairsCounted(address)).toBe(0);

  await harness.prisma.applicationStep.create({
    data: { applicationId: id, sequence: 3, step: 'withdraw', stageAfter: 'withdrawn', data: {}, occurredAt: new Date(), transitionHash: 'phantom' },
  });
  await harness.workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });

  // Metrics are exported periodically; the count appears within a few seconds.
  const deadline = Date.now() + 15_000;
  while ((await repairsCounted(address)) < 1) {
    if (Date.now() > deadline) throw new Error('loan_projection_repairs never reached 1');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  expect(await repairsCounted(address)).toBe(1);
}, 90_000);
