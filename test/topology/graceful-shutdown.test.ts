import {
  batch,
  describeRecoveries,
  historyEvents,
  identityOf,
  newCallerLog,
  recoveries,
  referToBank,
  reviewToDecision,
  submit,
  workerIdentities,
} from './support/batch';
import { startTopology, type Topology } from './support/topology';

// A `RUN_MODE=worker` process of server/main.ts is stopped the way docker-compose and
// Kubernetes stop it, with SIGTERM, while the bank's steps are in flight.
let topology: Topology;

beforeAll(async () => {
  topology = await startTopology({ followUpAfterMs: 60_000 });
}, 180_000);

afterAll(async () => {
  await topology?.stop();
}, 60_000);

/** worker/create-worker.ts's default shutdownGraceTime. */
const gracePeriodMs = 10_000;

test('given steps in flight, a worker process stopped with SIGTERM exits 0 in its grace period and a new worker finishes every step once', async () => {
  const { prisma, workflows, env } = topology;
  const log = newCallerLog();
  const count = 30;
  const draining = await topology.startWorker();
  const ids = await batch(count, async () => {
    const id = await submit(workflows, log);
    await referToBank(workflows, log, id);
    return id;
  });

  const reviews = batch(count, (index) => reviewToDecision(workflows, log, ids[index]!));
  // Awaited below; until then a failure must not surface as an unhandled rejection.
  void reviews.catch(() => undefined);
  // SIGTERM as soon as the worker is busy with the batch: one bank step written, the rest in flight.
  while ((await prisma.applicationStep.count({ where: { step: 'acknowledgeReceipt' } })) === 0) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  draining.kill('SIGTERM');
  const sigtermAt = Date.now();
  const stepsAtSigterm = await prisma.applicationStep.count({ where: { applicationId: { in: ids }, sequence: { gt: 2 } } });

  expect(await draining.exited).toEqual({ code: 0, signal: null });
  const exitMs = Date.now() - sigtermAt;
  expect(exitMs).toBeLessThan(gracePeriodMs);
  expect(draining.output()).toContain('SIGTERM received, shutting down');
  expect(draining.output()).not.toContain('shutdown step failed');
  // Steps were still waiting for a worker when it was gone: the successor has work to finish.
  const stepsAtExit = await prisma.applicationStep.count({ where: { applicationId: { in: ids }, sequence: { gt: 2 } } });
  expect(stepsAtExit).toBeLessThan(count * 3);

  const successor = await topology.startWorker();
  const states = await reviews;
  console.log(
    `SIGTERM with ${stepsAtSigterm}/${count * 3} bank steps written; exit 0 after ${exitMs} ms with ${stepsAtExit} written; ` +
      `the rest done ${Date.now() - sigtermAt} ms after SIGTERM; ${log.retries} retried calls` +
      (log.errors.length ? ` (${[...new Set(log.errors)].join('; ')})` : ''),
  );

  expect(states.map((s) => s.reviewStep)).toEqual(ids.map(() => 'decision'));
  const rows = await prisma.application.findMany({ where: { id: { in: ids } }, include: { steps: { orderBy: { sequence: 'asc' } } } });
  expect(rows).toHaveLength(count);
  for (const row of rows) {
    expect(row.steps.map((s) => [s.sequence, s.step])).toEqual([
      [1, 'submit'], [2, 'categorize'], [3, 'acknowledgeReceipt'], [4, 'checkDocuments'], [5, 'assessCredit'],
    ]);
    expect({ lastSequence: row.lastSequence, reviewStep: row.reviewStep }).toEqual({ lastSequence: 5, reviewStep: 'decision' });
  }

  // Drained, not abandoned: no persistence attempt failed because its worker closed the
  // database under it. Attempts may still be re-run for other reasons: an activity task the
  // server hands out while a worker cancels its polls is lost in transit until its StartToClose
  // timeout, and on a busy machine a transaction can wait too long for a pooled connection.
  const identities = await workerIdentities(env.client, ids);
  expect(identityOf(draining.pid, identities)).toBeDefined();
  expect(identityOf(successor.pid, identities)).toBeDefined();
  const recovered = await recoveries(env.client, ids);
  console.log(`after SIGTERM: ${describeRecoveries(recovered)}`);
  expect(recovered.activityRetryCauses.filter((cause) => /closed|ended|after calling end|disconnect|terminat/i.test(cause))).toEqual([]);
  for (const id of ids) {
    const events = await historyEvents(env.client, id);
    expect(events.filter((e) => e.activityTaskTimedOutEventAttributes || e.activityTaskFailedEventAttributes)).toEqual([]);
  }
}, 180_000);
