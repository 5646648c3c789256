import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import express from 'express';
import { createApp } from '../api/app';
import { loadConfig } from '../config/config';
import { escalationPolicyOf } from '../config/escalation-policy';
import { seedCounty } from '../db/county-seed';
import { nationalIdFor } from '../support/national-ids';
import { referred, submitted, type Prepared } from './support/api-fixtures';
import { killLoadChildren, type Measurement, measureInChild } from './support/api-load-child';
import type { LoadPlan, PlannedRequest } from './support/api-load-protocol';
import { parseApiOptions } from './support/options';
import { acknowledgedBare, bareUpdateRequests, mountBareUpdates, startBareWorkflows } from './support/api-bare-updates';
import { type ApiFigures, aims, humanReport, stepAimsMet, type StepRun } from './support/api-report';
import { openBenchDatabase, startBenchTemporal } from './support/bench-services';
import { runBounded } from './support/bounded-run';
import { TimedGateway } from './support/breakdown';
import { buildBundles } from './support/bundles';
import { summarize } from './support/stats';
import { startWorkerChild } from './support/worker-child';
import { testFieldCipher } from '../support/test-field-cipher';

/**
 * Latency and throughput of the real HTTP API under 50 concurrent connections, from a load
 * generator in another process on loopback: a read (GET /applications/:id) against a bare
 * Express route on the same machine, and a human step (acknowledge-receipt) against a bare
 * workflow's Update behind an HTTP route (bench/support/api-bare-updates.ts), at each count of
 * `--step-connections`.
 *
 *   npm run bench:api -- [--reads 200] [--steps 1000] [--connections 50] [--step-connections 50,10] [--duration-s 10]
 *
 * Why acknowledge-receipt, once per application: a step is an Update that moves the case on,
 * so repeating it on one application is refused (422) after the first time, and the steps that
 * can recur (request-information and its answer, tranches) alternate or run out. The bank's
 * acknowledgement of a freshly referred case is the simplest accepted step: one Update, one
 * persisted transition, the search attributes the deadline supervisor keeps — the same work as
 * the other bank review steps. So the bench refers `--steps` applications first and each
 * measured request acknowledges a different one; the database is checked afterwards.
 */

const options = parseApiOptions(process.argv.slice(2));

runBounded('api bench', options.timeoutMs, async ({ onCleanup }) => {
  const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const uptimeBefore = uptime();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  onCleanup(killLoadChildren);

  const envStarting = startBenchTemporal(onCleanup);
  const bundlesBuilding = buildBundles();
  onCleanup(async () => (await bundlesBuilding).remove());
  const databaseOpening = openBenchDatabase(onCleanup);
  const [env, database, bundles] = await Promise.all([envStarting, databaseOpening, bundlesBuilding]);
  const namespace = env.namespace ?? 'default';
  const keys = await seedCounty(database.prisma);
  const partiesOf = (role: string) => keys.filter((k) => k.role === role && k.username === k.organizationId).map(({ organizationId, apiKey }) => ({ organizationId, apiKey }));

  // The API as server/main.ts wires it for RUN_MODE=api with the default configuration (the
  // real calendar's deadlines and escalation), on an ephemeral loopback port.
  const taskQueue = `bench-api-${runId}`;
  const config = loadConfig({});
  const apiServer = await listenOnLoopback();
  const baseUrl = originOf(apiServer);
  const followUpAfterMs = config.FOLLOW_UP_AFTER_DAYS * config.WORKING_DAY_SECONDS * 1000;
  const gateway = new TimedGateway(env.client, taskQueue, followUpAfterMs, escalationPolicyOf(config));
  const app = createApp({
    prisma: database.prisma,
    fields: testFieldCipher,
    workflows: gateway,
    // One log line per request at 'info' would measure the logger; warnings and errors still show.
    config: { PUBLIC_BASE_URL: baseUrl, TEMPORAL_UI_URL: config.TEMPORAL_UI_URL, TEMPORAL_NAMESPACE: namespace, LOG_LEVEL: 'warn', API_KEY_CACHE_TTL_MS: config.API_KEY_CACHE_TTL_MS },
    // A handful of keys makes all the load; the per-key limit (600/min) would measure the limiter.
    rateLimit: { limit: 1_000_000 },
  });
  apiServer.on('request', app);

  const bareServer = await listenOnLoopback();
  const bare = express();
  bare.disable('x-powered-by');
  bare.get('/bare', (_req, res) => {
    res.json({ ok: true, service: 'bare' });
  });
  mountBareUpdates(bare, env.client);
  bareServer.on('request', bare);

  const workerStarting = startWorkerChild({ kind: 'lifecycle', address: env.address, namespace, taskQueue, bundlePath: bundles.lifecyclePath, databaseUrl: database.url });
  onCleanup(async () => (await workerStarting).kill());
  const bareQueue = `bench-api-bare-${runId}`;
  const bareWorkerStarting = startWorkerChild({ kind: 'bare', address: env.address, namespace, taskQueue: bareQueue, bundlePath: bundles.barePath });
  onCleanup(async () => (await bareWorkerStarting).kill());
  const [worker, bareWorker] = await Promise.all([workerStarting, bareWorkerStarting]);

  // Steps cannot be repeated, so the warm-up acknowledges applications of its own, and each
  // step run its own: `--steps` of them per count of connections (bare workflows the same).
  const stepWarmUp = options.warmUpS > 0 ? Math.max(...options.stepConnections) : 0;
  const stepTotal = stepWarmUp + options.steps * options.stepConnections.length;
  const fixtures = { baseUrl, agencies: partiesOf('agency'), banks: partiesOf('bank'), runId, nationalIdFor, concurrency: options.connections };
  const readable = await submitted(fixtures, options.reads, 0);
  const stepping = await referred(fixtures, stepTotal, options.reads);
  const bareIds = await startBareWorkflows({ client: env.client, taskQueue: bareQueue, runId, concurrency: options.connections }, stepTotal, 0);
  const runSlice = <T>(all: T[], run: number) => all.slice(stepWarmUp + run * options.steps, stepWarmUp + (run + 1) * options.steps);

  const reads: PlannedRequest[] = readable.map(({ id, party }) => ({ method: 'GET', path: `/applications/${id}`, headers: { authorization: `Bearer ${party.apiKey}` } }));
  const acknowledgements = (prepared: Prepared[]): PlannedRequest[] =>
    prepared.map(({ id, party }) => ({
      method: 'POST',
      path: `/applications/${id}/steps/acknowledge-receipt`,
      headers: {
        authorization: `Bearer ${party.apiKey}`,
        'content-type': 'application/json',
        ...(options.idempotencyKeys ? { 'idempotency-key': randomUUID() } : {}),
      },
      body: '{}',
    }));

  const failures: Measurement[] = [];
  const measure = async (plan: Omit<LoadPlan, 'type' | 'connections' | 'timeoutS'>, connections = options.connections): Promise<Measurement> => {
    const measured = await measureInChild({ ...plan, connections, timeoutS: 30 }, options.timeoutMs);
    if (failedIn(measured) > 0) failures.push(measured);
    return measured;
  };
  const forSeconds = (seconds: number) => ({ kind: 'for-seconds' as const, seconds });
  const bareRequests: PlannedRequest[] = [{ method: 'GET', path: '/bare', headers: {} }];

  if (options.warmUpS > 0) await measure({ title: 'bare warm-up', origin: originOf(bareServer), mode: forSeconds(options.warmUpS), requests: bareRequests });
  const bareRun = await measure({ title: 'bare', origin: originOf(bareServer), mode: forSeconds(options.durationS), requests: bareRequests });
  if (options.warmUpS > 0) await measure({ title: 'read warm-up', origin: baseUrl, mode: forSeconds(options.warmUpS), requests: reads });
  const readRun = await measure({ title: 'read', origin: baseUrl, mode: forSeconds(options.durationS), requests: reads });
  if (stepWarmUp > 0) {
    await measure({ title: 'bare Update warm-up', origin: originOf(bareServer), mode: { kind: 'each' }, requests: bareUpdateRequests(bareIds.slice(0, stepWarmUp)) }, stepWarmUp);
    await measure({ title: 'step warm-up', origin: baseUrl, mode: { kind: 'each' }, requests: acknowledgements(stepping.slice(0, stepWarmUp)) }, stepWarmUp);
  }
  const stepRuns: StepRun[] = [];
  for (const [run, connections] of options.stepConnections.entries()) {
    const bareUpdate = await measure({ title: `bare Update x${connections}`, origin: originOf(bareServer), mode: { kind: 'each' }, requests: bareUpdateRequests(runSlice(bareIds, run)) }, connections);
    gateway.updateLatenciesMs.length = 0;
    const step = await measure({ title: `step x${connections}`, origin: baseUrl, mode: { kind: 'each' }, requests: acknowledgements(runSlice(stepping, run)) }, connections);
    const ratio = { throughput: round(step.requestsPerSecond / bareUpdate.requestsPerSecond), p99: round(step.latency.p99Ms / bareUpdate.latency.p99Ms) };
    stepRuns.push({ connections, bareUpdate, step: { ...step, updateLatency: summarize(gateway.updateLatenciesMs) }, ratio, aimsMet: stepAimsMet(connections, ratio, step.latency.p99Ms) });
  }
  await Promise.all([worker.stop(), bareWorker.stop()]);

  // Each 2xx must be a step the database shows: the application moved on to checking documents.
  const measuredSteps = stepping.slice(stepWarmUp);
  const acknowledgedRows = await database.prisma.application.count({ where: { id: { in: measuredSteps.map((p) => p.id) }, reviewStep: 'documents' } });
  const bareAcknowledged = await acknowledgedBare(env.client, bareIds.slice(stepWarmUp));
  const stepOk = stepRuns.reduce((sum, r) => sum + r.step.ok, 0);
  const bareOk = stepRuns.reduce((sum, r) => sum + r.bareUpdate.ok, 0);
  const failedRequests = failures.reduce((sum, m) => sum + failedIn(m), 0);
  const figures: ApiFigures = {
    connections: options.connections,
    durationS: options.durationS,
    reads: options.reads,
    steps: options.steps,
    idempotencyKeys: options.idempotencyKeys,
    bare: bareRun,
    read: readRun,
    stepRuns,
    ratio: { read: round(readRun.requestsPerSecond / bareRun.requestsPerSecond) },
    aimsMet: { read: readRun.latency.p99Ms < aims.readP99Ms, steps: stepRuns.every((r) => r.aimsMet.all) },
    acknowledged: { rows: acknowledgedRows, expected: stepOk, bareWorkflows: bareAcknowledged, bareExpected: bareOk },
    failedRequests,
    uptime: { before: uptimeBefore, after: uptime() },
  };
  console.log(humanReport(figures));
  for (const failed of failures) console.error(`${failed.title}: statuses ${JSON.stringify(failed.statuses)}, ${failed.errors} errors, ${failed.overrun} unplanned requests`);
  console.log(JSON.stringify({ bench: 'api', ...figures }));
  const allTaken = stepOk === measuredSteps.length && bareOk === stepOk;
  return failures.length === 0 && allTaken && acknowledgedRows === stepOk && bareAcknowledged === bareOk ? 0 : 1;

  async function listenOnLoopback(): Promise<Server> {
    const created = createServer();
    await new Promise<void>((resolve, reject) => {
      created.once('error', reject);
      created.listen(0, '127.0.0.1', resolve);
    });
    onCleanup(
      () =>
        new Promise<void>((resolve) => {
          created.close(() => resolve());
          created.closeAllConnections();
        }),
    );
    return created;
  }
});

/** Responses other than 2xx, requests without a response, and requests the plan had no entry for. */
function failedIn(m: Measurement): number {
  return Object.values(m.statuses).reduce((sum, count) => sum + count, 0) - m.ok + m.errors + m.overrun;
}

function originOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return 'uptime unavailable';
  }
}
