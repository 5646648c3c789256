import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { visibleTo } from '../../api/access';
import type { Actor } from '../../domain/commands';
import { PrismaClient, type Prisma } from '../../generated/prisma/client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

// GET /applications pages newest first (ORDER BY submitted_at DESC, id DESC), for everyone and
// within an agency's or a bank's own cases. With thousands of applications each page must be
// read off an index in that order, not found by sorting the whole table. The queries are the
// ones Prisma sends for the listing's findMany, captured from its query log and EXPLAINed.

const applications = 20_000;
// Like the county: a dozen agencies and eight banks, none holding most of the cases.
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
  // Spread over a year and evenly over the agencies and banks; one in ten not yet referred.
  // Stored in no particular order: every step rewrites its application's row, so a live
  // table's rows do not sit in submission order (which would favour the plain date index).
  await client.query('SELECT setseed(0.1405)');
  await client.query(
    `INSERT INTO applications (id, workflow_id, agency_id, agency_reference, applicant_id, requested_amount, purpose,
                               jobs_committed, district, stage, bank_id, last_sequence, submitted_at, updated_at)
     SELECT 'app-' || n, 'application-app-' || n, ($2::text[])[1 + n % 12], 'REF-' || n, 'applicant-' || n, 150000000000,
            'workshop', 3, 'central', 'bank_review', CASE WHEN n % 10 = 0 THEN NULL ELSE ($3::text[])[1 + n / 7 % 8] END,
            1, at, at
     FROM generate_series(1, $1) AS n, LATERAL (SELECT timestamptz '2026-01-01' + n * interval '27 minutes' AS at) t
     ORDER BY random()`,
    [applications, agencies, banks],
  );
  await client.query('ANALYZE applications');

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

/** The listing's findMany for `actor` (as api/routes/applications.ts builds it), its SQL and that SQL's plan. */
async function planOfListing(actor: Actor, after: Prisma.ApplicationWhereInput = {}): Promise<PlanNode> {
  queries.length = 0;
  await prisma.application.findMany({
    where: { AND: [after, visibleTo(actor)] },
    orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
    take: 21,
  });
  const listing = queries.find((q) => /FROM "public"\."applications"/.test(q.query) && /ORDER BY/.test(q.query));
  if (!listing) throw new Error(`no listing query among ${JSON.stringify(queries)}`);
  const result = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `EXPLAIN (FORMAT JSON) ${listing.query}`,
    JSON.parse(listing.params) as unknown[],
  );
  return result.rows[0]!['QUERY PLAN'][0].Plan;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

const nodesOf = (plan: PlanNode): PlanNode[] => [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
const indexesUsed = (plan: PlanNode) => nodesOf(plan).flatMap((n) => (n['Index Name'] ? [n['Index Name']] : []));
const sorts = (plan: PlanNode) => nodesOf(plan).filter((n) => n['Node Type'].includes('Sort'));

const official: Actor = { userId: 'user-official', organizationId: 'org-governor', role: 'official' };
const agency: Actor = { userId: 'user-agency', organizationId: 'org-agency-2', role: 'agency' };
const bank: Actor = { userId: 'user-bank', organizationId: 'org-bank-3', role: 'bank' };

test.each([
  { listing: "an official's listing of every application", actor: official, index: 'applications_submitted_at_id_idx' },
  { listing: "an agency's default listing of its own applications", actor: agency, index: 'applications_agency_id_submitted_at_id_idx' },
  { listing: "a bank's default listing of the applications referred to it", actor: bank, index: 'applications_bank_id_submitted_at_id_idx' },
])('$listing reads a page off $index, without sorting', async ({ actor, index }) => {
  const plan = await planOfListing(actor);

  expect(indexesUsed(plan)).toEqual([index]);
  expect(sorts(plan)).toEqual([]);
});

test("the agency's next page (after a cursor) is read off the same index, without sorting", async () => {
  const cursor = { submittedAt: new Date('2026-06-01T00:00:00Z'), id: 'app-8000' };
  const plan = await planOfListing(agency, {
    OR: [{ submittedAt: { lt: cursor.submittedAt } }, { submittedAt: cursor.submittedAt, id: { lt: cursor.id } }],
  });

  expect(indexesUsed(plan)).toEqual(['applications_agency_id_submitted_at_id_idx']);
  expect(sorts(plan)).toEqual([]);
});

test('the listing answers with the newest applications first', async () => {
  const page = await prisma.application.findMany({
    where: visibleTo(agency),
    orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
    take: 3,
    select: { id: true, agencyId: true },
  });
  expect(page).toEqual([
    { id: 'app-19993', agencyId: 'org-agency-2' },
    { id: 'app-19981', agencyId: 'org-agency-2' },
    { id: 'app-19969', agencyId: 'org-agency-2' },
  ]);
});
