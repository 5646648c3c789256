import type { Measurement } from './api-load-child';
import type { CpuShare } from './cpu-share';
import type { LatencySummary } from './stats';

export const aims = { readP99Ms: 50, stepP99Ms: 250 };

export interface ApiFigures {
  connections: number;
  durationS: number;
  reads: number;
  steps: number;
  idempotencyKeys: boolean;
  bare: Measurement;
  read: Measurement;
  step: Measurement & {
    /** The Temporal Update inside each step call (the gateway's executeUpdate), persistence included. */
    updateLatency: LatencySummary;
  };
  /** Requests per second against the bare Express route's. */
  ratio: { read: number; step: number };
  aimsMet: { read: boolean; step: boolean };
  /** Applications that the database shows acknowledged, out of the step requests answered 2xx. */
  acknowledged: { rows: number; expected: number };
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

export function humanReport(f: ApiFigures): string {
  const line = (name: string, m: Measurement, extra = '') =>
    [`  ${name.padEnd(24)}${m.requestsPerSecond.toFixed(1).padStart(8)} req/s  ${ms(m.latency)}  (${statuses(m)}; ${m.seconds.toFixed(1)} s)${extra}`, `    cpu (cores)           ${cpu(m.cpu)}, generator ${m.generatorCores}`];
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return [
    `api bench: ${f.connections} connections from a separate process on loopback; reads over ${f.reads} applications for ${f.durationS} s; ${f.steps} acknowledge-receipt steps, ${f.idempotencyKeys ? 'with' : 'without'} Idempotency-Keys`,
    ...line('bare Express GET /bare', f.bare),
    ...line('GET /applications/:id', f.read, `  ${(f.ratio.read * 100).toFixed(1)}% of bare`),
    ...line('POST .../acknowledge', f.step, `  ${(f.ratio.step * 100).toFixed(2)}% of bare`),
    `    of which Update       ${ms(f.step.updateLatency)} (${f.step.updateLatency.count} Updates)`,
    `  aims                    reads p99 < ${aims.readP99Ms} ms ${met(f.aimsMet.read)}; steps p99 < ${aims.stepP99Ms} ms ${met(f.aimsMet.step)}`,
    `  database check          ${f.acknowledged.rows}/${f.acknowledged.expected} applications acknowledged; ${f.failedRequests} failed requests`,
    `  uptime before           ${f.uptime.before}`,
    `  uptime after            ${f.uptime.after}`,
  ].join('\n');
}
