import { PrismaPg } from '@prisma/adapter-pg';
import { workflowIdFor } from '../../domain/contract';
import { PrismaClient } from '../../generated/prisma/client';
import { createWorker } from '../../worker/create-worker';
import { bank } from '../../support/fixtures';
import { type Harness, startHarness } from '../support/harness';
import { workflowBundle } from '../../support/workflow-bundle';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { referredToBank } from '../support/walk';
import { testFieldCipher } from '../../support/test-field-cipher';

/**
 * The database goes away while a step is being recorded (the worker reaches PostgreSQL through
 * a proxy the test cuts). The step's persistence must not grow the history without bound, and
 * the step completes once the database is back. Real dev server, real PostgreSQL.
 */
let harness: Harness;
let proxy: TcpProxy;
let proxiedPrisma: PrismaClient;

beforeAll(async () => {
  harness = await startHarness();
  const url = new URL(harness.database.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(proxy.port);
  proxiedPrisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url.toString(), connectionTimeoutMillis: 2000 }) });
  await harness.worker.stop();
  const worker = await createWorker(
    { connection: harness.env.nativeConnection, namespace: 'default', taskQueue: harness.taskQueue, workflowBundle: { code: (await workflowBundle()).code } },
    { prisma: proxiedPrisma, fields: testFieldCipher },
  );
  const running = worker.run();
  harness.worker = { worker, stop: async () => { if (worker.getState() === 'RUNNING') worker.shutdown(); await running; } };
});
afterAll(async () => {
  await proxy?.restore().catch(() => undefined);
  await harness?.stop();
  await proxiedPrisma?.$disconnect();
  await proxy?.close();
});

test('given the database away for longer than the local retries, persistence moves to a normal activity, the history stays small, and the step lands when it returns', async () => {
  const id = await referredToBank(harness.workflows);
  await proxy.cut();
  const step = harness.workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });

  const handle = harness.env.client.workflow.getHandle(workflowIdFor(id));
  const scheduled = async () =>
    ((await handle.fetchHistory()).events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
  const deadline = Date.now() + 60_000;
  while ((await scheduled()).length === 0) {
    if (Date.now() > deadline) throw new Error('persistence never moved to a normal activity');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  // Stay away a while longer: a normal activity's retries add nothing to the history.
  const before = (await handle.fetchHistory()).events!.length;
  await new Promise((resolve) => setTimeout(resolve, 8_000));
  const after = (await handle.fetchHistory()).events!.length;
  expect(after).toBe(before);
  expect(after).toBeLessThan(60);

  await proxy.restore();
  const state = await step;
  expect(state.reviewStep).toBe('documents');
  const row = await harness.prisma.application.findUniqueOrThrow({ where: { id } });
  expect([row.reviewStep, row.lastSequence]).toEqual(['documents', 3]);
}, 120_000);
