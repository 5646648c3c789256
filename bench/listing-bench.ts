import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { createApp } from '../api/app';
import { WorkflowGateway } from '../api/workflow-gateway';
import { seedCounty } from '../db/county-seed';
import { PrismaClient } from '../generated/prisma/client';
import { runBounded } from './support/bounded-run';
import { openBenchDatabase } from './support/bench-services';
import { compactSql, explain, queryRecorder } from './support/query-plans';
import { seedFiguresPopulation } from './support/figures-population';
import { busiest, type ListingCase, listingCases, type Viewer } from './support/listing-cases';
import { parseFlags, wholeOption } from './support/options';
import { percentile } from './support/stats';
import { testFieldCipher } from '../support/test-field-cipher';

/**
 * GET /applications over 100,000 applications (issue 13: p99 < 50 ms with each filter and a
 * deep cursor): the figures bench's population written straight into a fresh database, then each
 * case of listing-cases.ts asked over loopback HTTP through the real app, one request at a time,
 * as an official, the busiest agency and the busiest bank; then the EXPLAIN (ANALYZE, BUFFERS)
 * plan of every statement behind each case. Needs no Temporal server. `--without-indexes` drops
 * the indexes of migration 20261127150100 (the listing's filters): the baseline they are measured against.
 *
 *   npm run bench:listing -- [--applications 100000] [--requests 200] [--warm-up 5] [--deep-pages 50] [--seed 1405] [--without-indexes]
 */
const usage = 'usage: npm run bench:listing -- [--applications 100000] [--requests 200] [--warm-up 5] [--deep-pages 50] [--seed 1405] [--without-indexes]';
const values = parseFlags(usage, {
  applications: { type: 'string', default: '100000' },
  requests: { type: 'string', default: '200' },
  'warm-up': { type: 'string', default: '5' },
  'deep-pages': { type: 'string', default: '50' },
  seed: { type: 'string', default: '1405' },
  'without-indexes': { type: 'boolean', default: false },
});
const applications = wholeOption('applications', values.applications, 1, usage);
const requests = wholeOption('requests', values.requests, 1, usage);
const warmUp = wholeOption('warm-up', values['warm-up'], 0, usage);
const deepPages = wholeOption('deep-pages', values['deep-pages'], 1, usage);
const seed = wholeOption('seed', values.seed, 0, usage);
const withoutIndexes = values['without-indexes'];
const targetP99Ms = 50;
const indexesMigration = path.resolve(__dirname, '../prisma/migrations/20261127150100_listing_filter_indexes/migration.sql');

interface Measured {
  name: string;
  page: number;
  items: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** CPU time of this process (the app, and the client's side of loopback HTTP) per request: what the machine's load does not change. */
  cpuMsPerRequest: number;
  /** The first answer's sha256, so a reshaped query can be shown to answer byte for byte the same. */
  digest: string;
}

runBounded('listing bench', 1_800_000, async ({ onCleanup }) => {
  const { url, prisma } = await openBenchDatabase(onCleanup);
  const sql = new pg.Client({ connectionString: url });
  onCleanup(() => sql.end());
  await sql.connect();
  if (withoutIndexes) {
    for (const [, name] of readFileSync(indexesMigration, 'utf8').matchAll(/CREATE INDEX "(\w+)"/g)) await sql.query(`DROP INDEX "${name}"`);
  }

  const keys = await seedCounty(prisma);
  const kinds = (await sql.query<{ id: string; kind: string }>(`SELECT id, kind::text FROM organizations ORDER BY created_at, id`)).rows;
  const seeding = performance.now();
  const counts = await seedFiguresPopulation(sql, {
    count: applications,
    seed,
    agencies: kinds.filter((o) => o.kind === 'agency' || o.kind === 'support_institution').map((o) => o.id),
    banks: kinds.filter((o) => o.kind === 'bank').map((o) => o.id),
    from: new Date('2025-03-20T20:30:00Z'),
    until: new Date('2026-11-21T20:30:00Z'),
  });
  console.log(`listing bench: ${counts.applications} applications seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

  const keyOf = (organizationId: string): Viewer => {
    const key = keys.find((k) => k.organizationId === organizationId)!;
    return { role: key.role as Viewer['role'], organizationId, apiKey: key.apiKey };
  };
  const viewers = [keyOf('governors-office'), keyOf(await busiest(sql, 'agency_id')), keyOf(await busiest(sql, 'bank_id'))];
  const cases = await listingCases(sql, viewers, deepPages);

  // The listing never reaches Temporal; createApp still wants a gateway, whose client connects only when first used.
  const workflows = new WorkflowGateway(new Client({ connection: Connection.lazy({ address: '127.0.0.1:7233' }) }), 'listing-bench', 0);
  const appConfig = { PUBLIC_BASE_URL: 'http://127.0.0.1', TEMPORAL_UI_URL: 'http://127.0.0.1:8233', TEMPORAL_NAMESPACE: 'default', LOG_LEVEL: 'warn' };
  const origin = await serve(onCleanup, createApp({ prisma, fields: testFieldCipher, workflows, config: appConfig, rateLimit: { limit: 1_000_000 } }));
  // A second app over a client that logs its queries, for the plans: logging stays out of the timings.
  const logging = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }), log: [{ emit: 'event', level: 'query' }] });
  onCleanup(() => logging.$disconnect());
  const recorder = queryRecorder(logging);
  const planOrigin = await serve(onCleanup, createApp({ prisma: logging, fields: testFieldCipher, workflows, config: appConfig, rateLimit: { limit: 1_000_000 } }));

  const get = async (base: string, listing: ListingCase, cursor: string | null) => {
    const query = new URLSearchParams(listing.query);
    if (cursor) query.set('cursor', cursor);
    const started = performance.now();
    const res = await fetch(`${base}/applications?${query}`, { headers: { authorization: `Bearer ${listing.viewer.apiKey}` } });
    const text = await res.text();
    const elapsed = performance.now() - started;
    if (res.status !== 200) throw new Error(`${listing.name}: GET /applications?${query} answered ${res.status} ${text.slice(0, 300)}`);
    // Parsed only where read: parsing every answer would add the client's CPU to the app's.
    return { elapsed, text, body: () => JSON.parse(text) as { items: unknown[]; nextCursor: string | null } };
  };

  const loadBefore = loadavg()[0]!;
  const measured: Measured[] = [];
  const plans: string[] = ['query plans (EXPLAIN (ANALYZE, BUFFERS) of each statement a case sent, with its parameters; the key look-ups left out):'];
  for (const listing of cases) {
    // Follow the pages to the deep one's cursor (or the last page, where there are fewer).
    let cursor: string | null = null;
    let page = 1;
    while (page <= listing.depth) {
      const next: string | null = (await get(origin, listing, cursor)).body().nextCursor;
      if (!next) break;
      cursor = next;
      page += 1;
    }
    for (let i = 0; i < warmUp; i++) await get(origin, listing, cursor);
    const times: number[] = [];
    let first: Awaited<ReturnType<typeof get>> | undefined;
    const cpu = process.cpuUsage();
    for (let i = 0; i < requests; i++) {
      const answer = await get(origin, listing, cursor);
      first ??= answer;
      times.push(answer.elapsed);
    }
    const cpuUsed = process.cpuUsage(cpu);
    times.sort((a, b) => a - b);
    const round = (ms: number) => Math.round(ms * 10) / 10;
    const result: Measured = {
      name: listing.name, page, items: first!.body().items.length,
      p50Ms: round(percentile(times, 50)), p95Ms: round(percentile(times, 95)), p99Ms: round(percentile(times, 99)),
      cpuMsPerRequest: round((cpuUsed.user + cpuUsed.system) / 1000 / requests),
      digest: createHash('sha256').update(first!.text).digest('hex').slice(0, 16),
    };
    measured.push(result);
    console.log(`  ${listing.name.padEnd(34)} ${listing.query.toString().padEnd(56)} page ${String(page).padStart(2)}, ${String(result.items).padStart(2)} items: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, p99 ${result.p99Ms} ms, CPU ${result.cpuMsPerRequest} ms a request${result.p99Ms < targetP99Ms ? '' : '  MISSED'}`);

    const queries = await recorder.during(() => get(planOrigin, listing, cursor));
    // A leading comment (e.g. the `/* prepared */` marker) is dropped, so that the statement reads as a read to plan.
    const reads = queries.map((q) => ({ ...q, sql: q.sql.replace(/^\s*\/\*.*?\*\/\s*/s, '') }));
    const statements = await explain(sql, reads.filter((q) => !/FROM "public"\."(api_keys|users)"/.test(q.sql)));
    plans.push(`  ${listing.name} (${listing.query}${cursor ? ', after the cursor' : ''}): ${statements.length} statements, ${statements.reduce((sum, p) => sum + p.executionMs, 0).toFixed(1)} ms of execution`);
    for (const [i, statement] of statements.entries()) {
      plans.push(`    [${i + 1}] ${compactSql(statement.sql)}`, `        params ${JSON.stringify(statement.params)}`, ...statement.plan.map((line) => `        ${line}`));
    }
  }
  console.log(`\n${plans.join('\n')}`);

  const worst = measured.reduce((a, b) => (b.p99Ms > a.p99Ms ? b : a));
  const machine = { cpus: availableParallelism(), loadAverage1m: { before: Math.round(loadBefore * 100) / 100, after: Math.round(loadavg()[0]! * 100) / 100 } };
  console.log(`\nGET /applications over ${counts.applications} applications, ${requests} requests per case one at a time: worst p99 ${worst.p99Ms} ms (${worst.name}); target p99 < ${targetP99Ms} ms ${worst.p99Ms < targetP99Ms ? 'met' : 'MISSED'} (${machine.cpus} CPUs, load ${machine.loadAverage1m.before} → ${machine.loadAverage1m.after})`);
  console.log(JSON.stringify({ bench: 'listing', applications: counts.applications, requests, withoutIndexes, targetP99Ms, met: worst.p99Ms < targetP99Ms, worstP99Ms: worst.p99Ms, cases: measured, ...machine }));
  return 0;
});

async function serve(onCleanup: (cleanup: () => Promise<unknown>) => void, app: ReturnType<typeof createApp>): Promise<string> {
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  onCleanup(() => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}
