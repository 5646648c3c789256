import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { listingQuery } from '../../api/listing-query';
import { listQuery } from '../../api/schemas/listing';
import type { Actor } from '../../domain/commands';
import { categories, districts, stages } from '../../domain/vocabulary';
import { PrismaClient } from '../../generated/prisma/client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

// GET /applications with each filter, as each kind of caller, reads its page off an index that
// leads with the caller's visibility and the filter and ends in the listing's order (migration
// 20261127150100): no sort, and no run through rows that the filter drops. The statements are
// those Prisma sends for api/listing-query.ts, captured from its query log and EXPLAINed on a
// population whose values are spread like the county's, with fresh statistics and every plan
// (sequential scans included) open to the planner.

const applications = 20_000;
const agencies = Array.from({ length: 12 }, (_, i) => `org-agency-${i + 1}`);
const banks = Array.from({ length: 8 }, (_, i) => `org-bank-${i + 1}`);

let db: TestDatabase;
let prisma: ReturnType<typeof queryLoggingClient>;
let client: pg.Client;
const queries: { query: string; params: string }[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    `INSERT INTO organizations (id, kind, name, name_fa)
     SELECT id, kind::"OrganizationKind", id, id FROM unnest($1::text[], $2::text[]) AS o(id, kind)`,
    [[...agencies, ...banks], [...agencies.map(() => 'agency'), ...banks.map(() => 'bank')]],
  );
  await client.query(
    `INSERT INTO applicants (id, national_id, full_name, phone, address, district)
     SELECT 'applicant-' || n, lpad(n::text, 10, '0'), 'Applicant ' || n, '+989111234567', 'Lahijan', 'central'
     FROM generate_series(1, $1) AS n`,
    [applications],
  );
  // Over a year, the values of each column spread evenly and independently; stored in no particular order,
  // as a live table whose rows every step rewrites.
  await client.query('SELECT setseed(0.1405)');
  // Hashed, not random(): successive random() calls in one row are not independent after setseed.
  const pick = (values: string) => `(${values}::text[])[1 + abs(hashtext(n || '${values}')) % cardinality(${values}::text[])]`;
  await client.query(
    `INSERT INTO applications (id, workflow_id, agency_id, agency_reference, applicant_id, requested_amount, purpose,
                               jobs_committed, district, stage, category, bank_id, last_sequence, submitted_at, updated_at)
     SELECT 'app-' || n, 'application-app-' || n, ${pick('$2')}, 'REF-' || n, 'applicant-' || n, 150000000000, 'workshop', 3,
            ${pick('$5')}, ${pick('$3')}, ${pick('$4')}, CASE WHEN n % 10 = 0 THEN NULL ELSE ${pick('$6')} END, 1, at, at
     FROM generate_series(1, $1) AS n, LATERAL (SELECT timestamptz '2026-01-01' + n * interval '27 minutes' AS at) t
     ORDER BY random()`,
    [applications, agencies, [...stages], [...categories], [...districts], banks],
  );
  await client.query('VACUUM ANALYZE applications');

  prisma = queryLoggingClient(db.url);
  prisma.$on('query', (event) => queries.push({ query: event.query, params: event.params }));
}, 60_000);

function queryLoggingClient(url: string) {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url }), log: [{ emit: 'event', level: 'query' }] });
}

afterAll(async () => {
  await prisma.$disconnect();
  await client.end();
  await db.drop();
});

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

const nodesOf = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];

/** The plan of the listing's statement for `actor` asking with `params` (as the query string would carry them). */
async function planOfListing(actor: Actor, params: Record<string, string | undefined>, analyze = false): Promise<PlanNode> {
  queries.length = 0;
  await prisma.application.findMany(listingQuery(listQuery.parse(params), actor));
  const listing = queries.find((q) => /FROM "public"\."applications"/.test(q.query) && /ORDER BY/.test(q.query));
  if (!listing) throw new Error(`no listing query among ${JSON.stringify(queries)}`);
  const result = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `EXPLAIN (${analyze ? 'ANALYZE, ' : ''}FORMAT JSON) ${listing.query}`,
    JSON.parse(listing.params) as unknown[],
  );
  return result.rows[0]!['QUERY PLAN'][0].Plan;
}

const official: Actor = { userId: 'user-official', organizationId: 'org-governor', role: 'official' };
const agency: Actor = { userId: 'user-agency', organizationId: 'org-agency-2', role: 'agency' };
const bank: Actor = { userId: 'user-bank', organizationId: 'org-bank-3', role: 'bank' };
const aMonth = { submittedFrom: '2026-03-01', submittedTo: '2026-04-01' };

test.each([
  { who: 'an official', actor: official, filter: { stage: 'information_requested' }, index: 'applications_stage_submitted_at_id_idx' },
  { who: 'an official', actor: official, filter: { category: 'tourism' }, index: 'applications_category_submitted_at_id_idx' },
  { who: 'an official', actor: official, filter: { district: 'shalman' }, index: 'applications_district_submitted_at_id_idx' },
  { who: 'an official', actor: official, filter: { bankId: 'org-bank-5' }, index: 'applications_bank_id_submitted_at_id_idx' },
  { who: 'an official', actor: official, filter: { agencyId: 'org-agency-7' }, index: 'applications_agency_id_submitted_at_id_idx' },
  { who: 'an official', actor: official, filter: aMonth, index: 'applications_submitted_at_id_idx' },
  { who: 'an agency', actor: agency, filter: { stage: 'information_requested' }, index: 'applications_agency_id_stage_submitted_at_id_idx' },
  { who: 'an agency', actor: agency, filter: { category: 'tourism' }, index: 'applications_agency_id_category_submitted_at_id_idx' },
  { who: 'an agency', actor: agency, filter: { district: 'shalman' }, index: 'applications_agency_id_district_submitted_at_id_idx' },
  { who: 'an agency', actor: agency, filter: { bankId: 'org-bank-5' }, index: 'applications_agency_id_bank_id_submitted_at_id_idx' },
  { who: 'an agency', actor: agency, filter: aMonth, index: 'applications_agency_id_submitted_at_id_idx' },
  { who: 'a bank', actor: bank, filter: { stage: 'information_requested' }, index: 'applications_bank_id_stage_submitted_at_id_idx' },
  { who: 'a bank', actor: bank, filter: { category: 'tourism' }, index: 'applications_bank_id_category_submitted_at_id_idx' },
  { who: 'a bank', actor: bank, filter: { district: 'shalman' }, index: 'applications_bank_id_district_submitted_at_id_idx' },
  { who: 'a bank', actor: bank, filter: { agencyId: 'org-agency-7' }, index: 'applications_agency_id_bank_id_submitted_at_id_idx' },
  { who: 'a bank', actor: bank, filter: aMonth, index: 'applications_bank_id_submitted_at_id_idx' },
])("$who's listing filtered by $filter is read off $index, without sorting", async ({ actor, filter, index }) => {
  const plan = await planOfListing(actor, filter);

  expect(nodesOf(plan).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []))).toEqual([index]);
  expect(nodesOf(plan).filter((n) => n['Node Type'].includes('Sort'))).toEqual([]);
});

test.each([
  { who: 'an official', actor: official, filter: {} },
  { who: 'an official', actor: official, filter: { district: 'shalman' } },
  { who: 'an agency', actor: agency, filter: {} },
  { who: 'a bank', actor: bank, filter: {} },
])("$who's page (filtered by $filter) past a deep cursor starts its index scan at the cursor instead of reading the newer rows", async ({ actor, filter }) => {
  // A cursor half-way down the year: 10,000 newer applications in all.
  const cursor = Buffer.from(JSON.stringify(['2026-07-08T00:00:00.000Z', 'app-10000'])).toString('base64url');

  const plan = await planOfListing(actor, { ...filter, cursor }, true);

  // A small remainder may be fetched through a bitmap and sorted; either way no newer row is read and dropped.
  const removed = nodesOf(plan).reduce((sum, n) => sum + (n['Rows Removed by Filter'] ?? 0), 0);
  expect(removed).toBeLessThan(5);
});
