import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import os from 'node:os';
import { createApp } from '../api/app';
import { WorkflowGateway } from '../api/workflow-gateway';
import { seedCounty } from '../db/county-seed';
import { freePort } from '../support/free-port';
import { startWorkerProcess, stopWorkerProcess } from '../support/worker-process';
import { writeWorkflowBundle } from '../support/workflow-bundle';
import { nationalIdFor } from '../support/national-ids';
import { runBounded } from './support/bounded-run';
import { openBenchDatabase, startBenchTemporal } from './support/bench-services';
import { parseFlags, wholeOption } from './support/options';
import { gaugeOf, sampleProcess } from './support/process-sampler';
import { submissionBody } from './support/submission-body';
import { testFieldCipher } from '../support/test-field-cipher';

/**
 * A worker's resident memory against the workflows in its sticky cache (issue 13: ≤ 1 MB per
 * cached workflow at a cache of 1,000). The worker is server/main.ts with RUN_MODE=worker in a
 * process of its own (so its RSS is its own), MAX_CACHED_WORKFLOWS 1000; applications are
 * submitted over HTTP through the real API in steps, each left open waiting for its
 * categorization (so its workflow stays cached), and after each step the worker's RSS is read
 * with the SDK's sticky cache gauge from its /metrics as proof of what it holds.
 *
 *   npm run bench:memory -- [--applications 1000] [--steps 4] [--concurrency 20] [--settle-s 5]
 */
const usage = 'usage: npm run bench:memory -- [--applications 1000] [--steps 4] [--concurrency 20] [--settle-s 5]';
const values = parseFlags(usage, {
  applications: { type: 'string', default: '1000' },
  steps: { type: 'string', default: '4' },
  concurrency: { type: 'string', default: '20' },
  'settle-s': { type: 'string', default: '5' },
});
const applications = wholeOption('applications', values.applications, 1, usage);
const steps = wholeOption('steps', values.steps, 1, usage);
const concurrency = wholeOption('concurrency', values.concurrency, 1, usage);
const settleMs = wholeOption('settle-s', values['settle-s'], 0, usage) * 1000;
const targetMbPerWorkflow = 1;

interface Point {
  submitted: number;
  cached: number;
  rssMb: number;
}

runBounded('memory bench', 1_800_000, async ({ onCleanup }) => {
  const runId = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const [env, { prisma, url: databaseUrl }] = await Promise.all([startBenchTemporal(onCleanup), openBenchDatabase(onCleanup)]);
  const agency = (await seedCounty(prisma)).find((k) => k.role === 'agency')!;

  const bundle = await writeWorkflowBundle();
  onCleanup(() => bundle.remove());

  const taskQueue = `bench-memory-${runId}`;
  const metricsPort = await freePort();
  const worker = await startWorkerProcess({
    databaseUrl,
    temporalAddress: env.address,
    taskQueue,
    workflowBundlePath: bundle.path,
    env: { TEMPORAL_NAMESPACE: env.namespace ?? 'default', MAX_CACHED_WORKFLOWS: '1000', METRICS_BIND_ADDRESS: `127.0.0.1:${metricsPort}`, LOG_LEVEL: 'warn' },
  });
  onCleanup(() => stopWorkerProcess(worker));
  const sample = () => sampleProcess(worker.pid, `http://127.0.0.1:${metricsPort}/metrics`);

  // The API as server/main.ts wires it for RUN_MODE=api, in this process.
  const workflows = new WorkflowGateway(env.client, taskQueue, 0);
  const config = { PUBLIC_BASE_URL: 'http://127.0.0.1', TEMPORAL_UI_URL: 'http://127.0.0.1:8233', TEMPORAL_NAMESPACE: env.namespace ?? 'default', LOG_LEVEL: 'warn' };
  const server = createServer(createApp({ prisma, fields: testFieldCipher, workflows, config, rateLimit: { limit: 1_000_000 } }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onCleanup(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  let submitted = 0;
  const submit = async (index: number) => {
    const res = await fetch(`${origin}/applications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agency.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(submissionBody(`MEMORY-${runId}-${index}`, nationalIdFor(index), index)),
    });
    if (res.status !== 201) throw new Error(`submission ${index} answered ${res.status}: ${await res.text()}`);
    submitted += 1;
  };
  /** Waits until the cache holds `expected` workflows (their first task done) and RSS has had time to settle. */
  const settled = async (expected: number): Promise<Point> => {
    const deadline = Date.now() + 120_000;
    while (gaugeOf((await sample()).metrics, 'temporal_sticky_cache_size') < expected) {
      if (Date.now() > deadline) throw new Error(`the sticky cache did not reach ${expected} within 2 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const { rssMb, metrics } = await sample();
    return { submitted, cached: gaugeOf(metrics, 'temporal_sticky_cache_size'), rssMb };
  };

  // One application first, so that the point at 0 is a worker that has loaded its workflow code
  // and made its database connections: what the curve then measures is the cache alone.
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  const idle = { submitted: 0, cached: 0, rssMb: (await sample()).rssMb };
  await submit(0);
  const curve: Point[] = [await settled(1)];
  console.log(`memory bench: worker ${worker.pid} (RUN_MODE=worker, MAX_CACHED_WORKFLOWS 1000): RSS ${idle.rssMb} MB idle, ${curve[0]!.rssMb} MB with one application (its workflow code loaded)`);
  for (let step = 1; step <= steps; step++) {
    const until = Math.max(2, Math.round((applications * step) / steps));
    let next = submitted;
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < until) await submit(next++);
    }));
    const point = await settled(until);
    curve.push(point);
    console.log(`  ${String(point.submitted).padStart(5)} submitted, ${String(point.cached).padStart(5)} cached: RSS ${point.rssMb} MB`);
  }

  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  const mbPerWorkflow = (last.rssMb - first.rssMb) / (last.cached - first.cached);
  const slope = leastSquaresSlope(curve.map((p) => [p.cached, p.rssMb]));
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const met = Math.max(mbPerWorkflow, slope) <= targetMbPerWorkflow;
  console.log(`worker RSS per cached workflow: ${round(mbPerWorkflow)} MB from first to last point, ${round(slope)} MB by least squares over the curve (target ≤ ${targetMbPerWorkflow} MB: ${met ? 'met' : 'MISSED'}; load ${os.loadavg()[0]!.toFixed(2)})`);
  console.log(JSON.stringify({ bench: 'memory', maxCachedWorkflows: 1000, idle, curve, mbPerCachedWorkflow: round(mbPerWorkflow), slopeMbPerCachedWorkflow: round(slope), targetMbPerWorkflow, met, cpus: os.availableParallelism(), loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100 }));
  return 0;
});

function leastSquaresSlope(points: [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}
