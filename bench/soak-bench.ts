/**
 * Soak: the production topology as processes (`npm run cluster`'s: a Temporal server on
 * PostgreSQL, two APIs, three workers) fed new applications at a steady rate for a long time,
 * each taken through review to its paid tranches over HTTP. Prints each process's resident
 * memory and the workers' Temporal task latencies (from their /metrics) at the start (after
 * warm-up) and at the end, and the sticky cache's size against its configured bound.
 *
 *   npm run bench:soak -- [--minutes 20] [--rate 2] [--cache 100] [--warmup-minutes 4]
 *
 * rate: new applications per second; cache: MAX_CACHED_WORKFLOWS of each worker (small, so the
 * caches fill during the warm-up and the steady state is what is measured).
 */
import { startRecordingSmtpServer } from '../support/recording-smtp-server';
import { driveToDisbursement, newClientLedger } from '../support/case-drivers';
import { FailoverClient, newClientRecord } from '../support/failover-client';
import { startFaultCluster } from '../support/fault-cluster';
import { parseFlags, wholeOption } from './support/options';
import { bucketsOf, gaugeOf, mergeBuckets, sampleProcess, windowPercentileMs, type ProcessSample } from './support/process-sampler';

const SAMPLE_EVERY_MS = 30_000;
const usage = 'usage: npm run bench:soak -- [--minutes 20] [--rate 2] [--cache 100] [--warmup-minutes 4]';

function options() {
  const values = parseFlags(usage, {
    minutes: { type: 'string', default: '20' },
    rate: { type: 'string', default: '2' },
    cache: { type: 'string', default: '100' },
    'warmup-minutes': { type: 'string', default: '4' },
  });
  return {
    minutes: wholeOption('minutes', values.minutes, 1, usage),
    rate: wholeOption('rate', values.rate, 1, usage),
    cache: wholeOption('cache', values.cache, 1, usage),
    warmupMinutes: wholeOption('warmup-minutes', values['warmup-minutes'], 0, usage),
  };
}

type Snapshot = { atMs: number; processes: Map<string, ProcessSample> };

async function main(): Promise<void> {
  const { minutes, rate, cache, warmupMinutes } = options();
  const smtp = await startRecordingSmtpServer();
  console.log(`starting the cluster; then ${warmupMinutes} min of warm-up and ${minutes} min at ${rate} new application(s)/s`);
  const faults = await startFaultCluster(smtp.url, { MAX_CACHED_WORKFLOWS: String(cache) });
  const { cluster } = faults;
  const processes = [...cluster.apis, ...cluster.workers];
  const snapshot = async (): Promise<Snapshot> => ({
    atMs: Date.now(),
    processes: new Map(await Promise.all(processes.map(async (p) => [p.name, await sampleProcess(p.pid(), cluster.metricsUrls[p.name]!)] as const))),
  });

  const ledger = newClientLedger();
  const client = new FailoverClient(cluster.apiUrls, newClientRecord());
  const running = new Set<Promise<void>>();
  let started = 0;
  const feeder = setInterval(() => {
    const drive = driveToDisbursement(client, faults.keys, ledger, `SOAK-${Date.now()}-${started++}`, 500).catch((error: unknown) => {
      ledger.unexpected.push(String(error));
    });
    running.add(drive);
    void drive.finally(() => running.delete(drive));
  }, 1000 / rate);

  const snapshots: Snapshot[] = [];
  const endAt = Date.now() + (warmupMinutes + minutes) * 60_000;
  while (Date.now() < endAt) {
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_EVERY_MS));
    snapshots.push(await snapshot());
    smtp.received.length = 0; // the bench's own memory is not what is measured
    const last = snapshots.at(-1)!;
    console.log(`${Math.round((last.atMs - snapshots[0]!.atMs) / 1000)} s: ${[...last.processes].map(([name, s]) => `${name} ${s.rssMb} MB`).join(', ')}, ` +
      `sticky cache ${workersGauge(last, 'temporal_sticky_cache_size')}, ${started} started, ${running.size} in flight`);
  }
  clearInterval(feeder);
  await Promise.all(running);
  await faults.teardown();
  await smtp.close();
  report(snapshots, warmupMinutes, { minutes, rate, cache, applications: started, steps: ledger.steps.length, unexpected: ledger.unexpected.length });
}

const workerNames = (s: Snapshot) => [...s.processes.keys()].filter((name) => name.startsWith('worker'));
const workersGauge = (s: Snapshot, name: string) => workerNames(s).reduce((total, w) => total + gaugeOf(s.processes.get(w)!.metrics, name), 0);
const workersBuckets = (s: Snapshot, name: string) => mergeBuckets(workerNames(s).map((w) => bucketsOf(s.processes.get(w)!.metrics, name)));

/** Task latencies observed between two snapshots, p50 and p99 in ms. */
function latencies(before: Snapshot, after: Snapshot) {
  const of = (name: string) => ({
    p50: windowPercentileMs(workersBuckets(before, name), workersBuckets(after, name), 50),
    p99: windowPercentileMs(workersBuckets(before, name), workersBuckets(after, name), 99),
  });
  return { workflowTask: of('temporal_workflow_task_execution_latency'), scheduleToStart: of('temporal_workflow_task_schedule_to_start_latency') };
}

function report(snapshots: Snapshot[], warmupMinutes: number, run: Record<string, number>): void {
  const firstAt = snapshots[0]!.atMs;
  const startIndex = Math.max(0, snapshots.findIndex((s) => s.atMs - firstAt >= warmupMinutes * 60_000 - SAMPLE_EVERY_MS));
  const [start, afterStart, beforeEnd, end] = [snapshots[startIndex]!, snapshots[startIndex + 1] ?? snapshots[startIndex]!, snapshots.at(-2)!, snapshots.at(-1)!];
  const memory = Object.fromEntries([...end.processes.keys()].map((name) => {
    const [from, to] = [start.processes.get(name)!.rssMb, end.processes.get(name)!.rssMb];
    const peak = Math.max(...snapshots.slice(startIndex).map((s) => s.processes.get(name)!.rssMb));
    return [name, { startMb: from, endMb: to, peakMb: peak, growthMb: Math.round((to - from) * 10) / 10 }];
  }));
  const figures = {
    ...run,
    memory,
    latencyStartMs: latencies(start, afterStart),
    latencyEndMs: latencies(beforeEnd, end),
    stickyCache: { bound: run.cache! * workerNames(end).length, peak: Math.max(...snapshots.map((s) => workersGauge(s, 'temporal_sticky_cache_size'))) },
  };
  console.log('\nprocess    start MB   end MB   peak MB   growth MB');
  for (const [name, m] of Object.entries(memory)) console.log(`${name.padEnd(10)} ${String(m.startMb).padStart(8)} ${String(m.endMb).padStart(8)} ${String(m.peakMb).padStart(9)} ${String(m.growthMb).padStart(11)}`);
  console.log(`workflow task execution p50/p99: start ${JSON.stringify(figures.latencyStartMs.workflowTask)} ms, end ${JSON.stringify(figures.latencyEndMs.workflowTask)} ms`);
  console.log(`workflow task schedule-to-start p50/p99: start ${JSON.stringify(figures.latencyStartMs.scheduleToStart)} ms, end ${JSON.stringify(figures.latencyEndMs.scheduleToStart)} ms`);
  console.log(`sticky cache: peak ${figures.stickyCache.peak} of a bound of ${figures.stickyCache.bound} (${run.cache} per worker)`);
  console.log(JSON.stringify({ bench: 'soak', ...figures }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
