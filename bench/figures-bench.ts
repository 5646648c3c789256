import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { createApp } from '../api/app';
import { openApiDocument } from '../api/openapi';
import { WorkflowGateway } from '../api/workflow-gateway';
import { seedCounty } from '../db/county-seed';
import { PrismaClient } from '../generated/prisma/client';
import { discoverVariants, measure, periods, type LoadResult } from './support/figures-load';
import { explain, queryRecorder } from './support/query-plans';
import { seedFiguresPopulation } from './support/figures-population';
import { benchLine, figuresReport, loadReport, type PlannedRequest, plansReport, populationReport, targetReport } from './support/figures-report';
import { runBounded } from './support/bounded-run';
import { openBenchDatabase } from './support/bench-services';
import { parseFlags, wholeList, wholeOption } from './support/options';
import { testFieldCipher } from '../support/test-field-cipher';

/**
 * Figures for a county of 100,000 applications: every family of figures over HTTP through the
 * real Express app and PostgreSQL, for a year, a quarter and a month, as JSON and CSV, with the
 * plans of the SQL behind them. The aim (issue 9): p99 < 300 ms.
 *
 *   npm run bench:figures -- [--applications 100000] [--requests 100] [--budget-s 8] [--concurrency 1,4] [--without-indexes]
 *
 * The requests come from this process (the figures' time is PostgreSQL's and the answer's
 * assembly, not the client's), one or a few at a time, as the working group and the pages ask.
 * `--without-indexes` drops the indexes of the figures-indexes migration: the baseline they are
 * measured against.
 */

interface FiguresBenchOptions {
  /** Applications seeded straight into the database. */
  applications: number;
  /** Requests per variant (family × period × format) and concurrency, after the warm-up. */
  requests: number;
  /** Wall time after which a variant is sent no more requests at a concurrency level. */
  budgetS: number;
  /** Unmeasured requests per variant first (JIT, connection pool, PostgreSQL's caches). */
  warmUp: number;
  /** Requests in flight at once; each level is measured in turn. */
  concurrency: number[];
  seed: number;
  /** Drop the indexes of the figures-indexes migration after migrating: the baseline. */
  withoutIndexes: boolean;
  timeoutMs: number;
}

const usage =
  'usage: npm run bench:figures -- [--applications 100000] [--requests 100] [--budget-s 8] [--warm-up 1] [--concurrency 1,4] [--seed 1405] [--without-indexes] [--timeout-s 1800]';

function parseFiguresOptions(argv: string[]): FiguresBenchOptions {
  const values = parseFlags(
    usage,
    {
      applications: { type: 'string', default: '100000' },
      requests: { type: 'string', default: '100' },
      'budget-s': { type: 'string', default: '8' },
      'warm-up': { type: 'string', default: '1' },
      concurrency: { type: 'string', default: '1,4' },
      seed: { type: 'string', default: '1405' },
      'without-indexes': { type: 'boolean', default: false },
      'timeout-s': { type: 'string', default: '1800' },
    },
    argv,
  );
  return {
    applications: wholeOption('applications', values.applications, 1, usage),
    requests: wholeOption('requests', values.requests, 1, usage),
    budgetS: wholeOption('budget-s', values['budget-s'], 1, usage),
    warmUp: wholeOption('warm-up', values['warm-up'], 0, usage),
    concurrency: wholeList('concurrency', values.concurrency, 1, usage),
    seed: wholeOption('seed', values.seed, 0, usage),
    withoutIndexes: values['without-indexes'],
    timeoutMs: wholeOption('timeout-s', values['timeout-s'], 10, usage) * 1000,
  };
}

const indexesMigration = path.resolve(__dirname, '../prisma/migrations/20261127110300_figures_indexes/migration.sql');
const options = parseFiguresOptions(process.argv.slice(2));

// Four banks and five agencies and institutions beside the county's own, so that the figures
// have ten of each, as the county expects once every bank and agency takes part.
const moreOrganizations = [
  ['bank-mellat', 'bank', 'Bank Mellat', 'بانک ملت'],
  ['bank-saderat', 'bank', 'Bank Saderat', 'بانک صادرات'],
  ['bank-tejarat', 'bank', 'Bank Tejarat', 'بانک تجارت'],
  ['bank-refah', 'bank', 'Refah Kargaran Bank', 'بانک رفاه کارگران'],
  ['agriculture-jihad', 'agency', 'Agriculture Jihad Office', 'مدیریت جهاد کشاورزی'],
  ['heritage-tourism', 'agency', 'Cultural Heritage, Tourism and Handicrafts Office', 'اداره میراث فرهنگی، گردشگری و صنایع دستی'],
  ['technical-vocational', 'agency', 'Technical and Vocational Training Office', 'اداره آموزش فنی و حرفه‌ای'],
  ['mostazafan-foundation', 'support_institution', 'Mostazafan Foundation', 'بنیاد مستضعفان'],
  ['martyr-foundation', 'support_institution', 'Martyr and Veterans Affairs Foundation', 'بنیاد شهید و امور ایثارگران'],
];

runBounded('figures bench', options.timeoutMs, async ({ onCleanup }) => {
  const { url, prisma } = await openBenchDatabase(onCleanup);
  const sql = new pg.Client({ connectionString: url });
  onCleanup(() => sql.end());
  await sql.connect();
  if (options.withoutIndexes) {
    for (const [, name] of readFileSync(indexesMigration, 'utf8').matchAll(/CREATE INDEX "(\w+)"/g)) await sql.query(`DROP INDEX "${name}"`);
  }

  const keys = await seedCounty(prisma);
  await sql.query(
    `INSERT INTO organizations (id, kind, name, name_fa) SELECT id, kind::"OrganizationKind", name, name_fa
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS o(id, kind, name, name_fa) ON CONFLICT (id) DO NOTHING`,
    [0, 1, 2, 3].map((column) => moreOrganizations.map((org) => org[column])),
  );
  const kinds = (await sql.query<{ id: string; kind: string }>(`SELECT id, kind::text FROM organizations ORDER BY created_at, id`)).rows;
  const banks = kinds.filter((o) => o.kind === 'bank').map((o) => o.id);
  const agencies = kinds.filter((o) => o.kind === 'agency' || o.kind === 'support_institution').map((o) => o.id);
  const seeding = performance.now();
  const counts = await seedFiguresPopulation(sql, {
    count: options.applications,
    seed: options.seed,
    agencies,
    banks,
    from: new Date('2025-03-20T20:30:00Z'), // 1404/01/01 00:00 in Tehran
    until: new Date('2026-11-21T20:30:00Z'), // 1405/09/01 00:00 in Tehran
  });
  await seedAllocations(sql, banks, agencies);
  const sizes = await sql.query<{ sizes: string }>(
    `SELECT string_agg(relname || ' ' || pg_size_pretty(pg_total_relation_size(oid)), ', ' ORDER BY relname) AS sizes FROM pg_class
     WHERE relname IN ('applications', 'application_steps', 'disbursements', 'escalations')`,
  );
  console.log(populationReport(counts, { banks: banks.length, agencies: agencies.length }, (performance.now() - seeding) / 1000, `tables with indexes: ${sizes.rows[0]!.sizes}`));

  // The figures never reach Temporal; createApp still wants a gateway, whose client connects
  // only when first used (never, here), so the bench needs no Temporal server.
  const workflows = new WorkflowGateway(new Client({ connection: Connection.lazy({ address: '127.0.0.1:7233' }) }), 'figures-bench', 0);
  const appConfig = { PUBLIC_BASE_URL: 'http://127.0.0.1', TEMPORAL_UI_URL: 'http://127.0.0.1:8233', TEMPORAL_NAMESPACE: 'default', LOG_LEVEL: 'warn' };
  const server = await listenOnLoopback(onCleanup);
  server.on('request', createApp({ prisma, fields: testFieldCipher, workflows, config: appConfig, rateLimit: { limit: 1_000_000 } }));
  const origin = originOf(server);
  // A second app over a client that logs its queries, for the plans: logging stays out of the timings.
  const logging = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }), log: [{ emit: 'event', level: 'query' }] });
  onCleanup(() => logging.$disconnect());
  const recorder = queryRecorder(logging);
  const planServer = await listenOnLoopback(onCleanup);
  planServer.on('request', createApp({ prisma: logging, fields: testFieldCipher, workflows, config: appConfig, rateLimit: { limit: 1_000_000 } }));

  const official = keys.find((k) => k.role === 'official')!;
  const auth = { authorization: `Bearer ${official.apiKey}` };
  const variants = await discoverVariants(origin, auth, Object.keys(openApiDocument(origin).paths ?? {}));
  const families = [...new Set(variants.map((v) => v.family))];
  console.log(`\nfigures (${families.join(', ')}), as the JSON answers them for ${periods[0]!.name}:`);
  for (const variant of variants.filter((v) => v.format === 'json' && v.period === periods[0]!.name)) {
    const body = (await (await fetch(`${origin}${variant.path}`, { headers: variant.headers })).json()) as Record<string, unknown>;
    console.log(figuresReport(variant.family, variant.period, body));
  }

  if (options.warmUp > 0) await measure(origin, variants, options.warmUp, 1, options.budgetS * 1000);
  const loadBefore = loadavg()[0]!;
  const results: LoadResult[] = [];
  for (const concurrency of options.concurrency) {
    const result = await measure(origin, variants, options.requests, concurrency, options.budgetS * 1000);
    results.push(result);
    console.log(`\n${loadReport(result)}`);
  }

  const planned: PlannedRequest[] = [];
  for (const period of periods) {
    for (const variant of variants.filter((v) => v.format === 'json' && v.period === period.name)) {
      const queries = await recorder.during(async () => {
        const response = await fetch(`${originOf(planServer)}${variant.path}`, { headers: variant.headers });
        await response.arrayBuffer();
      });
      // The key's and its user's look-ups come first in every request: planned once, in the API bench's territory.
      const figures = queries.filter((q) => !/FROM "public"\."(api_keys|users)"/.test(q.sql));
      planned.push({ family: variant.family, period: period.name, plans: await explain(sql, figures) });
    }
  }
  console.log(`\n${plansReport(planned)}`);

  const line = benchLine(counts, options.requests, results, options.withoutIndexes, { before: loadBefore, after: loadavg()[0]!, cores: availableParallelism() });
  console.log(`\n${targetReport(line)}`);
  console.log(JSON.stringify(line));
  // A missed target is a result, reported above; only requests that failed fail the run.
  return results.every((r) => r.failures.length === 0) ? 0 : 1;
});

/** Lending allocations and jobs targets for both years, where the schema has them, for the absorption figures. */
async function seedAllocations(sql: pg.Client, banks: string[], agencies: string[]): Promise<void> {
  const exists = async (table: string) => (await sql.query<{ t: string | null }>(`SELECT to_regclass($1)::text AS t`, [table])).rows[0]!.t !== null;
  const years = [1404, 1405];
  if (await exists('lending_allocations')) {
    await sql.query(
      `INSERT INTO lending_allocations (year, bank_id, amount, updated_at, updated_by)
       SELECT y, b, 25000000000000 * (1 + i % 3), now(), 'figures-bench' FROM unnest($1::text[]) WITH ORDINALITY AS t(b, i), unnest($2::int[]) AS y`,
      [banks, years],
    );
  }
  if (await exists('jobs_targets')) {
    await sql.query(
      `INSERT INTO jobs_targets (year, organization_id, jobs, updated_at, updated_by)
       SELECT y, o, 2000 * (1 + i % 3), now(), 'figures-bench' FROM unnest($1::text[]) WITH ORDINALITY AS t(o, i), unnest($2::int[]) AS y`,
      [agencies, years],
    );
  }
}

async function listenOnLoopback(onCleanup: (cleanup: () => Promise<unknown>) => void): Promise<Server> {
  const created = createServer();
  await new Promise<void>((resolve, reject) => {
    created.once('error', reject);
    created.listen(0, '127.0.0.1', resolve);
  });
  onCleanup(() => new Promise<void>((resolve) => {
    created.close(() => resolve());
    created.closeAllConnections();
  }));
  return created;
}

function originOf(server: Server): string {
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}
