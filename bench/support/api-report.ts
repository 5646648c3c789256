import type { Measurement } from './api-load-child';
import type { CpuShare } from './cpu-share';
import type { LatencySummary } from './stats';

/**
 * Issue 13's aims. Steps: at 50 connections (or more) against the bare workflow's Updates of
 * the same run, throughput at least 0.6 of theirs and p99 at most 1.5 times theirs; at 10 or
 * fewer, p99 under 300 ms.
 */
export const aims = { readP99Ms: 50, stepThroughputRatio: 0.6, stepP99Ratio: 1.5, fewConnections: 10, stepP99MsAtFew: 300, manyConnections: 50 };

/** One count of connections: the bare workflow's Updates, then the steps, each request once. */
export interface StepRun {
  connections: number;
  /** POST /bare-updates/:id: executeUpdate on a bare workflow behind an HTTP route (bench/support/api-bare-updates.ts). */
  bareUpdate: Measurement;
  step: Measurement & {
    /** The Temporal Update inside each step call (the gateway's executeUpdate), persistence included. */
    updateLatency: LatencySummary;
  };
  /** The step's figure against the bare Update's: requests per second, and p99. */
  ratio: { throughput: number; p99: number };
  aimsMet: { throughput: boolean | null; p99: boolean | null; p99Ms: boolean | null; all: boolean };
}

/** The aims that apply at this count of connections; null where none does. */
export function stepAimsMet(connections: number, ratio: StepRun['ratio'], stepP99Ms: number): StepRun['aimsMet'] {
  const many = connections >= aims.manyConnections;
  const few = connections <= aims.fewConnections;
  const met = {
    throughput: many ? ratio.throughput >= aims.stepThroughputRatio : null,
    p99: many ? ratio.p99 <= aims.stepP99Ratio : null,
    p99Ms: few ? stepP99Ms < aims.stepP99MsAtFew : null,
  };
  return { ...met, all: Object.values(met).every((ok) => ok !== false) };
}

export interface ApiFigures {
  connections: number;
  durationS: number;
  reads: number;
  steps: number;
  idempotencyKeys: boolean;
  bare: Measurement;
  read: Measurement;
  stepRuns: StepRun[];
  /** Requests per second against the bare Express route's. */
  ratio: { read: number };
  aimsMet: { read: boolean; steps: boolean };
  /** Applications that the database shows acknowledged, out of the step requests answered 2xx; bare workflows the same. */
  acknowledged: { rows: number; expected: number; bareWorkflows: number; bareExpected: number };
  failedRequests: number;
  uptime: { before: string; after: string };
}

const ms = (s: LatencySummary) => `p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, max ${s.maxMs} ms`;
const statuses = (m: Measurement) =>
  Object.entries(m.statuses)
    .map(([status, count]) => `${count}x${status}`)
    .join(' ') + (m.errors ? `, ${m.errors} errors (${m.timeouts} timeouts)` : '');

function cpu(share: CpuShare): string {
  const parts = Object.entries(share.byProcess)
    .filter(([, cores]) => cores >= 0.01)
    .sort(([, a], [, b]) => b - a)
    .map(([label, cores]) => `${label} ${cores.toFixed(2)}`);
  return `busy ${share.machineBusyCores.toFixed(2)} of ${share.cores} cores: ${parts.join(', ')}, other ${share.otherCores.toFixed(2)}; load ${share.loadAverage1m}`;
}

/** Milliseconds of CPU per request of the API's process and of PostgreSQL (all databases: other work on the machine's server counts too). */
export function cpuPerRequestMs(m: Measurement): { httpServer: number; postgres: number } {
  const per = (label: string) => Math.round(((m.cpu.byProcess[label] ?? 0) / Math.max(m.requestsPerSecond, 1e-9)) * 1000 * 1000) / 1000;
  return { httpServer: per('http server (bench process)'), postgres: per('postgres (all databases)') };
}

export function humanReport(f: ApiFigures): string {
  const line = (name: string, m: Measurement, extra = '') =>
    [`  ${name.padEnd(24)}${m.requestsPerSecond.toFixed(1).padStart(8)} req/s  ${ms(m.latency)}  (${statuses(m)}; ${m.seconds.toFixed(1)} s)${extra}`, `    cpu (cores)           ${cpu(m.cpu)}, generator ${m.generatorCores}`];
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return [
    `api bench: ${f.connections} connections from a separate process on loopback; reads over ${f.reads} applications for ${f.durationS} s; ${f.steps} acknowledge-receipt steps, ${f.idempotencyKeys ? 'with' : 'without'} Idempotency-Keys`,
    ...line('bare Express GET /bare', f.bare),
    ...line('GET /applications/:id', f.read, `  ${(f.ratio.read * 100).toFixed(1)}% of bare`),
    `    cpu per request       read: http server ${cpuPerRequestMs(f.read).httpServer} ms, postgres ${cpuPerRequestMs(f.read).postgres} ms; bare: http server ${cpuPerRequestMs(f.bare).httpServer} ms`,
    ...f.stepRuns.flatMap((run) => [
      ...line(`bare Update x${run.connections}`, run.bareUpdate),
      ...line(`POST .../acknowledge x${run.connections}`, run.step, `  ${run.ratio.throughput.toFixed(2)}x bare Update req/s, ${run.ratio.p99.toFixed(2)}x its p99`),
      `    of which Update       ${ms(run.step.updateLatency)} (${run.step.updateLatency.count} Updates)`,
      `    cpu ms per request    step: ${cpuPerUpdateLine(run.step)}; bare Update: ${cpuPerUpdateLine(run.bareUpdate)}`,
      `    aims                  ${stepAimsLine(run)}`,
    ]),
    `  aims                    reads p99 < ${aims.readP99Ms} ms ${met(f.aimsMet.read)}; steps ${met(f.aimsMet.steps)}`,
    `  database check          ${f.acknowledged.rows}/${f.acknowledged.expected} applications acknowledged, ${f.acknowledged.bareWorkflows}/${f.acknowledged.bareExpected} bare workflows; ${f.failedRequests} failed requests`,
    `  uptime before           ${f.uptime.before}`,
    `  uptime after            ${f.uptime.after}`,
  ].join('\n');
}

/**
 * Milliseconds of CPU per request of each process that an Update goes through: the noise of
 * other work on the machine moves throughput a lot and these little. "worker" counts both worker
 * processes (the idle one only polls).
 */
function cpuPerUpdateLine(m: Measurement): string {
  const per = (label: string) => (((m.cpu.byProcess[label] ?? 0) / Math.max(m.requestsPerSecond, 1e-9)) * 1000).toFixed(1);
  return `worker ${per('worker')}, temporal ${per('temporal dev server')}, http server ${per('http server (bench process)')}, postgres ${per('postgres (all databases)')}`;
}

function stepAimsLine(run: StepRun): string {
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const parts = [
    run.aimsMet.throughput === null ? null : `throughput >= ${aims.stepThroughputRatio}x bare ${met(run.aimsMet.throughput)}`,
    run.aimsMet.p99 === null ? null : `p99 <= ${aims.stepP99Ratio}x bare ${met(run.aimsMet.p99)}`,
    run.aimsMet.p99Ms === null ? null : `p99 < ${aims.stepP99MsAtFew} ms ${met(run.aimsMet.p99Ms)}`,
  ].filter((part) => part !== null);
  return parts.length ? parts.join('; ') : `none at ${run.connections} connections`;
}
