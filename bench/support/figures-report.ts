import { flatten } from '../../api/figures/csv';
import type { Latencies, LoadResult } from './figures-load';
import { compactSql, type QueryPlan } from './query-plans';
import type { PopulationCounts } from './figures-population';

/** What the figures bench prints: the figures themselves, the latencies, the plans, and one JSON line. */

export const target = { p99Ms: 300 };

export interface PlannedRequest {
  family: string;
  period: string;
  plans: QueryPlan[];
}

const ms = (l: Latencies) => `p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms`;
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

export function populationReport(counts: PopulationCounts, organizations: { banks: number; agencies: number }, seedSeconds: number, tableSizes: string): string {
  return [
    `figures bench: ${counts.applications} applications of ${organizations.agencies} agencies and institutions at ${organizations.banks} banks, seeded in ${seedSeconds.toFixed(1)} s`,
    `  ${counts.steps} steps, ${counts.disbursements} tranches, ${counts.escalations} escalations; ${tableSizes}`,
  ].join('\n');
}

/** The county's figures of one family, as the JSON answered them. */
export function figuresReport(family: string, period: string, body: Record<string, unknown>): string {
  const rows = Object.entries(body).find(([key, value]) => key !== 'county' && Array.isArray(value));
  const county = body.county && typeof body.county === 'object' ? flatten(body.county) : [];
  const pairs = county.map(([key, value]) => `${key} ${value}`);
  const lines: string[] = [];
  for (const pair of pairs) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + pair.length < 110) lines[lines.length - 1] = `${last}, ${pair}`;
    else lines.push(pair);
  }
  return [`  ${family} (${period}): ${rows ? `${(rows[1] as unknown[]).length} ${rows[0]}` : 'no rows'}; county:`, ...lines.map((line) => `    ${line}`)].join('\n');
}

export function loadReport(result: LoadResult): string {
  const width = Math.max(...result.variants.map((v) => v.variant.family.length)) + 2;
  return [
    `latency at concurrency ${result.concurrency}: ${result.overall.count} requests in ${result.seconds.toFixed(1)} s; overall ${ms(result.overall)}`,
    ...result.variants.map(
      ({ variant, latency, bytes }) =>
        `  ${variant.family.padEnd(width)}${variant.period.padEnd(11)}${variant.format.padEnd(5)}${String(latency.count).padStart(4)}×  ${ms(latency).padEnd(58)}${(bytes / 1024).toFixed(1).padStart(7)} KiB${latency.p99Ms < target.p99Ms ? '' : '  over target'}`,
    ),
    ...result.failures.slice(0, 10).map((failure) => `  FAILED ${failure}`),
  ].join('\n');
}

/** Every plan of the first period in full; for the others, one line per statement. */
export function plansReport(requests: PlannedRequest[]): string {
  const lines: string[] = ['query plans (EXPLAIN (ANALYZE, BUFFERS) of the SQL each JSON request sent, with its parameters):'];
  const firstPeriod = requests[0]?.period;
  for (const { family, period, plans } of requests) {
    lines.push(`  ${family}, ${period}: ${plans.length} statements, ${plans.reduce((sum, p) => sum + p.executionMs, 0).toFixed(1)} ms of execution in all`);
    for (const [i, plan] of plans.entries()) {
      const indexes = plan.indexes.length > 0 ? plan.indexes.join(', ') : 'no index';
      if (period !== firstPeriod) {
        lines.push(`    [${i + 1}] ${plan.executionMs.toFixed(1)} ms, ${indexes}: ${compactSql(plan.sql).slice(0, 90)}…`);
        continue;
      }
      lines.push(`    [${i + 1}] ${compactSql(plan.sql)}`, `        params ${JSON.stringify(plan.params)}`, ...plan.plan.map((line) => `        ${line}`));
    }
  }
  return lines.join('\n');
}

export interface FiguresBenchLine {
  bench: 'figures';
  applications: number;
  steps: number;
  requestsPerVariant: number;
  targetP99Ms: number;
  /** Per concurrency level: p99 of each endpoint (family, period, format) and of all requests. */
  levels: { concurrency: number; overallP99Ms: number; p99MsByEndpoint: Record<string, number>; failures: number }[];
  overallP99Ms: number;
  targetMet: boolean;
  withoutIndexes: boolean;
  /** The machine's 1-minute load average before and after the measurements: other work skews them. */
  loadAverage: { before: number; after: number; cores: number };
}

export function benchLine(
  counts: PopulationCounts,
  requestsPerVariant: number,
  results: LoadResult[],
  withoutIndexes: boolean,
  loadAverage: FiguresBenchLine['loadAverage'],
): FiguresBenchLine {
  const levels = results.map((r) => ({
    concurrency: r.concurrency,
    overallP99Ms: r.overall.p99Ms,
    p99MsByEndpoint: Object.fromEntries(r.variants.map(({ variant, latency }) => [`${variant.family} ${variant.period} ${variant.format}`, latency.p99Ms])),
    failures: r.failures.length,
  }));
  const worst = Math.max(...results.flatMap((r) => r.variants.map((v) => v.latency.p99Ms)));
  return {
    bench: 'figures',
    applications: counts.applications,
    steps: counts.steps,
    requestsPerVariant,
    targetP99Ms: target.p99Ms,
    levels,
    overallP99Ms: Math.max(...results.map((r) => r.overall.p99Ms)),
    targetMet: worst < target.p99Ms && results.every((r) => r.failures.length === 0),
    withoutIndexes,
    loadAverage,
  };
}

export const targetReport = (line: FiguresBenchLine): string =>
  [
    `target: p99 < ${line.targetP99Ms} ms for every endpoint at every concurrency level: ${met(line.targetMet)} (overall p99 ${line.overallP99Ms} ms)`,
    `load average ${line.loadAverage.before.toFixed(1)} before and ${line.loadAverage.after.toFixed(1)} after, on ${line.loadAverage.cores} cores${line.withoutIndexes ? '; without the figures indexes' : ''}`,
  ].join('\n');
