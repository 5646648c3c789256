import { percentile } from './stats';

/**
 * What the figures bench asks for and how long each answer takes: every family of figures the
 * app serves, for a year, a quarter and a month, as JSON and as CSV, each sent many times over
 * HTTP with a few requests in flight, the variants interleaved so that whatever else the machine
 * does at a moment weighs on all of them alike.
 */

export interface Variant {
  family: string;
  period: string;
  format: 'json' | 'csv';
  path: string;
  headers: Record<string, string>;
}

export interface Latencies {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface VariantResult {
  variant: Variant;
  latency: Latencies;
  /** Size of the answer, in bytes. */
  bytes: number;
}

export interface LoadResult {
  concurrency: number;
  seconds: number;
  variants: VariantResult[];
  overall: Latencies;
  /** Answers other than 200, and requests without an answer. */
  failures: string[];
}

/** The families of figures the bench knows of; those the app does not serve (404) are left out. */
export const knownFamilies = ['banks', 'agencies', 'categories', 'districts', 'fair-distribution', 'absorption'];

export const periods = [
  { name: 'year 1404', query: 'year=1404' },
  { name: '1405 Q2', query: 'year=1405&quarter=2' },
  { name: '1405-06', query: 'year=1405&month=6' },
];

const path = (base: string, period: string, format: string) => `${base}?${period}${format === 'csv' ? '&format=csv' : ''}`;

/**
 * The variants to measure: each family under /figures (from `knownFamilies` and the OpenAPI
 * document's paths) and the public summary if there is one, in each period and format it
 * serves (CSV: where `format=csv` answers with text/csv).
 */
export async function discoverVariants(origin: string, auth: Record<string, string>, documentedPaths: string[]): Promise<Variant[]> {
  const documented = documentedPaths.flatMap((p) => /^\/figures\/([a-z-]+)$/.exec(p)?.[1] ?? []);
  const bases = [...new Set([...knownFamilies, ...documented])].map((family) => ({ family, base: `/figures/${family}`, headers: auth }));
  if (documentedPaths.includes('/public/figures')) bases.push({ family: 'public', base: '/public/figures', headers: {} });
  const variants: Variant[] = [];
  // A family may answer some periods only (allocations are per year): each variant is asked once
  // first, and one refused (4xx: not served, not for this period) is left out. A slow answer
  // (5xx at the request deadline) is kept: it is what the bench is here to show.
  const served = async (url: string, headers: Record<string, string>, format: 'json' | 'csv') => {
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (response.status >= 400 && response.status < 500) return false;
    return response.status !== 200 || (response.headers.get('content-type') ?? '').includes(format === 'json' ? 'json' : 'text/csv');
  };
  for (const { family, base, headers } of bases) {
    for (const period of periods) {
      for (const format of ['json', 'csv'] as const) {
        const candidate = path(base, period.query, format);
        // JSON is asked for by name: a family may answer a browser's */* with a page.
        const asked = format === 'json' ? { ...headers, accept: 'application/json' } : headers;
        if (await served(`${origin}${candidate}`, asked, format)) variants.push({ family, period: period.name, format, path: candidate, headers: asked });
      }
    }
  }
  return variants;
}

/**
 * Sends each variant `each` times, `concurrency` at a time, interleaved; times every answer. A
 * variant stops early once its answers have taken `budgetMs` of wall time (their latencies
 * summed, over the lanes): a slow one gets fewer samples, but still enough to show it is slow.
 */
export async function measure(origin: string, variants: Variant[], each: number, concurrency: number, budgetMs = Number.POSITIVE_INFINITY): Promise<LoadResult> {
  const plan = Array.from({ length: each }, () => variants.map((_, i) => i)).flat();
  const latencies = variants.map((): number[] => []);
  const spentMs = variants.map(() => 0);
  const bytes = variants.map(() => 0);
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < plan.length) {
      const index = plan[next++]!;
      if (spentMs[index]! >= budgetMs * concurrency) continue;
      const variant = variants[index]!;
      const sent = performance.now();
      try {
        const response = await fetch(`${origin}${variant.path}`, { headers: variant.headers });
        const body = await response.arrayBuffer();
        const latency = performance.now() - sent;
        latencies[index]!.push(latency);
        spentMs[index]! += latency;
        bytes[index] = body.byteLength;
        if (response.status !== 200) failures.push(`${variant.path}: ${response.status} ${Buffer.from(body).toString('utf8').slice(0, 200)}`);
      } catch (error) {
        spentMs[index]! += performance.now() - sent;
        failures.push(`${variant.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return {
    concurrency,
    seconds: Math.round(performance.now() - started) / 1000,
    variants: variants.map((variant, i) => ({ variant, latency: summarize(latencies[i]!), bytes: bytes[i]! })),
    overall: summarize(latencies.flat()),
    failures,
  };
}

export function summarize(latenciesMs: number[]): Latencies {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (p: number) => Math.round(percentile(sorted, p) * 10) / 10;
  return { count: sorted.length, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), maxMs: at(100) };
}
