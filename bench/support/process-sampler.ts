import { readFileSync } from 'node:fs';
import { parsePrometheusText, type Family } from '../../support/prometheus-text';

/** One look at a process: its resident memory and, for a worker, the SDK's task metrics. */
export interface ProcessSample {
  rssMb: number;
  metrics: Map<string, Family>;
}

export function rssMbOf(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Math.round(Number(line?.split(/\s+/)[1] ?? Number.NaN) / 102.4) / 10;
}

export async function sampleProcess(pid: number, metricsUrl: string): Promise<ProcessSample> {
  return { rssMb: rssMbOf(pid), metrics: parsePrometheusText(await (await fetch(metricsUrl)).text()) };
}

/** A gauge's value summed over its series (e.g. the sticky cache size of every worker). */
export function gaugeOf(metrics: Map<string, Family>, name: string): number {
  return (metrics.get(name)?.samples ?? []).reduce((total, sample) => total + sample.value, 0);
}

type Buckets = Map<number, number>;

/** Cumulative bucket counts of a histogram, summed over its series, by upper bound (seconds). */
export function bucketsOf(metrics: Map<string, Family>, name: string): Buckets {
  const buckets: Buckets = new Map();
  for (const sample of metrics.get(name)?.samples ?? []) {
    if (sample.name !== `${name}_bucket`) continue;
    const le = sample.labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(sample.labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + sample.value);
  }
  return buckets;
}

/**
 * The p-th percentile (as a bucket's upper bound, in ms) of what was observed between two
 * scrapes of a cumulative histogram: the first bound under which p % of the new observations fall.
 */
export function windowPercentileMs(before: Buckets, after: Buckets, p: number): number | null {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const added = (le: number) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const total = added(Number.POSITIVE_INFINITY);
  if (total <= 0) return null;
  const bound = bounds.find((le) => added(le) >= (p / 100) * total) ?? Number.POSITIVE_INFINITY;
  return Number.isFinite(bound) ? Math.round(bound * 1000) : null;
}

export function mergeBuckets(all: Buckets[]): Buckets {
  const merged: Buckets = new Map();
  for (const buckets of all) for (const [le, n] of buckets) merged.set(le, (merged.get(le) ?? 0) + n);
  return merged;
}
