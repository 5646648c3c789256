import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createApp } from '../api/app';
import { seedCounty } from '../db/county-seed';
import { workflowIdFor } from '../domain/contract';
import { nationalIdFor } from '../support/national-ids';
import { historyBreakdown, TimedGateway } from './support/breakdown';
import { openBenchDatabase, startBenchTemporal } from './support/bench-services';
import { buildBundles } from './support/bundles';
import { driveBare, unfinishedBare } from './support/drive-bare';
import { driveLifecycles, lifecycleStepNames } from './support/drive-lifecycle';
import { parseLifecycleOptions } from './support/options';
import { type Figures, humanReport } from './support/lifecycle-report';
import { summarize } from './support/stats';
import { verifyApplications } from './support/verify';
import { startWorkerChild, type WorkerChild } from './support/worker-child';
import { testFieldCipher } from '../support/test-field-cipher';

/**
 * Throughput of the whole application lifecycle through the real API, against the same
 * number of Updates on a bare workflow, on one Temporal dev server. Everything it starts
 * (dev server, database, worker processes, HTTP server) it also stops, within --timeout-s.
 */

const cleanups: Array<() => Promise<unknown>> = [];
const warmUp = 5;

async function main(): Promise<number> {
  const options = parseLifecycleOptions(process.argv.slice(2));
  const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  Runtime.install({ logger: new DefaultLogger('WARN') });

  // Each cleanup is registered before what it stops has finished starting, so that a run
  // abandoned mid-start still stops it (a dev server outlives a process that just exits).
  const onCleanup = (cleanup: () => Promise<unknown>) => void cleanups.push(cleanup);
  const envStarting = startBenchTemporal(onCleanup);
  const bundlesBuilding = buildBundles();
  cleanups.push(async () => (await bundlesBuilding).remove());
  const [env, database, bundles] = await Promise.all([envStarting, openBenchDatabase(onCleanup), bundlesBuilding]);
  const namespace = env.namespace ?? 'default';
  const keys = await seedCounty(database.prisma);
  // One bank user drives each case here, so four eyes (on in the seed) is off, and each bank's
  // second user is left out.
  await database.prisma.organization.updateMany({ where: { kind: 'bank' }, data: { fourEyes: false } });
  const firsts = keys.filter((k) => k.username === k.organizationId);
  const partiesOf = (role: string) => firsts.filter((k) => k.role === role).map(({ organizationId, apiKey }) => ({ organizationId, apiKey }));

  // The API as server/main.ts wires it for RUN_MODE=api, on an ephemeral loopback port.
  const lifecycleQueue = `bench-lifecycle-${runId}`;
  const server = await listenOnLoopback();
  const baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const gateway = new TimedGateway(env.client, lifecycleQueue, options.followUpAfterMs);
  const app = createApp({
    prisma: database.prisma,
    fields: testFieldCipher,
    workflows: gateway,
    // One log line per request at 'info' would flood the figures; warnings and errors still show.
    config: { PUBLIC_BASE_URL: baseUrl, TEMPORAL_UI_URL: 'http://127.0.0.1:8233', TEMPORAL_NAMESPACE: namespace, LOG_LEVEL: 'warn' },
    // A handful of keys makes all the load; the per-key limit (600/min) would measure the limiter.
    rateLimit: { limit: 1_000_000 },
  });
  server.on('request', app);

  const lifecycleWorker = await startWorker({ kind: 'lifecycle', address: env.address, namespace, taskQueue: lifecycleQueue, bundlePath: bundles.lifecyclePath, databaseUrl: database.url });
  const settings = { baseUrl, agencies: partiesOf('agency'), banks: partiesOf('bank'), tranches: options.tranches, runId, nationalIdFor, idempotencyKeys: options.idempotencyKeys };
  const warm = await driveLifecycles(settings, Math.min(warmUp, options.n), options.concurrency);
  gateway.updateLatenciesMs.length = 0;
  let started = performance.now();
  const lifecycle = await driveLifecycles(settings, options.n, options.concurrency, warmUp);
  const lifecycleSeconds = (performance.now() - started) / 1000;
  const lifecycleMemory = await lifecycleWorker.stop();
  const verification = await verifyApplications(database.prisma, [...warm.applicationIds, ...lifecycle.applicationIds], options.tranches);
  const lifecycleHistory = await historyBreakdown(env.client, lifecycle.applicationIds.map(workflowIdFor));

  const bareQueue = `bench-bare-${runId}`;
  const bareWorker = await startWorker({ kind: 'bare', address: env.address, namespace, taskQueue: bareQueue, bundlePath: bundles.barePath });
  const bareSettings = { client: env.client, taskQueue: bareQueue, runId, steps: lifecycleStepNames(options.tranches), followUpAfterMs: options.followUpAfterMs };
  await driveBare(bareSettings, Math.min(warmUp, options.n), options.concurrency);
  started = performance.now();
  const bare = await driveBare(bareSettings, options.n, options.concurrency, warmUp);
  const bareSeconds = (performance.now() - started) / 1000;
  const unfinished = await unfinishedBare(bareSettings, bare.workflowIds);
  const bareHistory = await historyBreakdown(env.client, bare.workflowIds);
  const bareMemory = await bareWorker.stop();

  const applicationsPerSecond = options.n / lifecycleSeconds;
  const workflowsPerSecond = options.n / bareSeconds;
  const figures: Figures = {
    n: options.n,
    concurrency: options.concurrency,
    tranches: options.tranches,
    updatesPerApplication: 1 + bareSettings.steps.length,
    followUpAfterMs: options.followUpAfterMs,
    idempotencyKeys: options.idempotencyKeys,
    lifecycle: {
      seconds: round(lifecycleSeconds, 3),
      applicationsPerSecond: round(applicationsPerSecond, 2),
      stepLatency: summarize(lifecycle.stepLatenciesMs),
      updateLatency: summarize(gateway.updateLatenciesMs),
      followUpWait: summarize(lifecycle.followUpWaitsMs),
      polls: lifecycle.polls,
      worker: lifecycleMemory,
      history: lifecycleHistory,
    },
    bare: { seconds: round(bareSeconds, 3), workflowsPerSecond: round(workflowsPerSecond, 2), updateLatency: summarize(bare.updateLatenciesMs), unfinished: unfinished.length, worker: bareMemory, history: bareHistory },
    ratio: round(applicationsPerSecond / workflowsPerSecond, 3),
    verification,
  };
  console.log(humanReport(figures));
  console.log(JSON.stringify({ bench: 'lifecycle', ...figures }));
  return verification.ok && unfinished.length === 0 ? 0 : 1;

  async function listenOnLoopback(): Promise<Server> {
    const created = createServer();
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject);
      created.listen(0, '127.0.0.1', resolve);
    });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          created.close(() => resolve());
          created.closeAllConnections();
        }),
    );
    return created;
  }

  async function startWorker(start: Parameters<typeof startWorkerChild>[0]): Promise<WorkerChild> {
    const child = await startWorkerChild(start);
    cleanups.push(async () => child.kill());
    return child;
  }
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Runs the cleanups in reverse order of start; each failure is reported, none stops the rest. */
async function cleanUp(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => console.error('cleanup step failed:', error instanceof Error ? error.message : error));
  }
}

let finishing = false;

/** Cleans up once and exits with the first code given; cleanup itself is bounded in time. */
function finish(code: number): void {
  if (finishing) return;
  finishing = true;
  setTimeout(() => {
    console.error('bench: cleanup did not finish within 30 s');
    process.exit(code || 4);
  }, 30_000).unref();
  void cleanUp().finally(() => process.exit(code));
}

const { timeoutMs } = parseLifecycleOptions(process.argv.slice(2));
const deadline = setTimeout(() => {
  console.error(`bench: gave up after ${timeoutMs / 1000} s`);
  finish(3);
}, timeoutMs);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => finish(130));

main().then(
  (code) => {
    clearTimeout(deadline);
    finish(code);
  },
  (error: unknown) => {
    clearTimeout(deadline);
    console.error('bench failed:', error instanceof Error ? (error.stack ?? error.message) : error);
    finish(1);
  },
);
