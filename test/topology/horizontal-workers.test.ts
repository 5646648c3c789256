import { workflowIdFor } from '../../domain/contract';
import {
  batch,
  type CallerLog,
  describeRecoveries,
  identityOf,
  newCallerLog,
  recoveries,
  wholeLife,
  wholeLifeSteps,
  workerIdentities,
} from './support/batch';
import { startTopology, type Topology } from './support/topology';
import type { WorkerProcess } from '../../support/worker-process';

// Two separate `RUN_MODE=worker` processes of server/main.ts on one task queue, one dev server
// and one database: the shape docker-compose gives production when workers are scaled out.
let topology: Topology;
let first: WorkerProcess;
let second: WorkerProcess;

beforeAll(async () => {
  topology = await startTopology({ followUpAfterMs: 300 });
  [first, second] = await Promise.all([topology.startWorker(), topology.startWorker()]);
}, 180_000);

afterAll(async () => {
  await topology?.stop();
}, 60_000);

/** Every application closed, with one row and exactly its ten audit rows, numbered 1..10. */
async function expectEachCompletedOnce(ids: string[]): Promise<void> {
  const { prisma, env } = topology;
  for (const id of ids) {
    expect(await env.client.workflow.getHandle(workflowIdFor(id)).result()).toMatchObject({ stage: 'closed', jobsConfirmed: 4 });
  }
  const rows = await prisma.application.findMany({
    where: { id: { in: ids } },
    include: { steps: { orderBy: { sequence: 'asc' } }, disbursements: true },
  });
  expect(rows).toHaveLength(ids.length);
  for (const row of rows) {
    expect({ id: row.id, stage: row.stage, lastSequence: row.lastSequence }).toEqual({ id: row.id, stage: 'closed', lastSequence: 10 });
    expect(row.steps.map((s) => s.step)).toEqual(wholeLifeSteps);
    expect(row.steps.map((s) => s.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(row.disbursements).toHaveLength(1);
  }
  expect(await prisma.applicationStep.count({ where: { applicationId: { in: ids } } })).toBe(ids.length * wholeLifeSteps.length);
}

test('given two worker processes on one task queue, a batch of applications is served by both', async () => {
  const log = newCallerLog();
  const startedAt = Date.now();
  const ids = await batch(20, () => wholeLife(topology.workflows, log));
  console.log(`20 whole lives on two workers in ${Date.now() - startedAt} ms, ${log.retries} retried calls`);
  // No worker died, so no task was lost: a baseline for the kill below. (A busy machine may
  // still re-run an attempt whose transaction waited too long for the database.)
  const recovered = await recoveries(topology.env.client, ids);
  console.log(`without a failure: ${describeRecoveries(recovered)}`);
  expect(recovered.workflowTaskTimeouts).toBe(0);
  expect(recovered.activityRetryCauses.filter((cause) => cause === 'activity StartToClose timeout')).toEqual([]);

  const identities = await workerIdentities(topology.env.client, ids);
  expect(identityOf(first.pid, identities)).toBeDefined();
  expect(identityOf(second.pid, identities)).toBeDefined();
  // Only the two worker processes ever ran this queue's tasks.
  expect(identities.size).toBe(2);
  await expectEachCompletedOnce(ids);
  expect(log.retries).toBe(0);
}, 180_000);

test('given a worker process killed mid-batch, every application still completes exactly once', async () => {
  const { prisma, workflows, env } = topology;
  const log: CallerLog = newCallerLog();
  const count = 30;
  const startedAt = Date.now();
  const lives = batch(count, () => wholeLife(workflows, log));
  const settled = lives.then(() => undefined, () => undefined);

  // Kill it with about a third of the audit rows written: every case is somewhere mid-way.
  const before = await prisma.applicationStep.count();
  for (;;) {
    const written = (await prisma.applicationStep.count()) - before;
    if (written >= (count * wholeLifeSteps.length) / 3) break;
    const finishedEarly = await Promise.race([settled.then(() => true), new Promise((resolve) => setTimeout(() => resolve(false), 50))]);
    if (finishedEarly) throw new Error('the batch ended before the worker could be killed');
  }
  first.kill('SIGKILL');
  const killedAt = Date.now();
  expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });

  const ids = await lives;
  console.log(
    `${count} whole lives in ${Date.now() - startedAt} ms; ${Date.now() - killedAt} ms after the kill; ` +
      `${log.retries} retried calls${log.errors.length ? ` (${[...new Set(log.errors)].join('; ')})` : ''}`,
  );

  console.log(`after SIGKILL: ${describeRecoveries(await recoveries(env.client, ids))}`);

  const identities = await workerIdentities(env.client, ids);
  expect(identityOf(first.pid, identities)).toBeDefined();
  expect(identityOf(second.pid, identities)).toBeDefined();
  await expectEachCompletedOnce(ids);
  expect(second.isRunning()).toBe(true);
}, 240_000);
