import pg from 'pg';
import { seedFiguresPopulation } from '../../bench/support/figures-population';
import { stages } from '../../domain/vocabulary';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

// The figures bench measures a county seeded straight into PostgreSQL; its numbers mean
// something only if each application's row is what its steps, tranches and escalations say.

const agencies = ['agency-a', 'agency-b', 'institution-c'];
const banks = ['bank-a', 'bank-b'];
const from = new Date('2025-03-20T20:30:00Z');
const until = new Date('2026-11-21T20:30:00Z');

let db: TestDatabase;
let client: pg.Client;
let counts: Awaited<ReturnType<typeof seedFiguresPopulation>>;

beforeAll(async () => {
  db = await createTestDatabase();
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(
    `INSERT INTO organizations (id, kind, name, name_fa)
     SELECT id, kind::"OrganizationKind", id, id FROM unnest($1::text[], $2::text[]) AS o(id, kind)`,
    [[...agencies, ...banks], [...agencies.map(() => 'agency'), ...banks.map(() => 'bank')]],
  );
  counts = await seedFiguresPopulation(client, { count: 2_000, seed: 7, agencies, banks, from, until });
});

afterAll(async () => {
  await client.end();
  await db.drop();
});

const rows = async <T>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[];

test('the seeded county holds every application, step, tranche and escalation it reports, in every stage', async () => {
  const [stored] = await rows<Record<string, number>>(`
    SELECT (SELECT count(*) FROM applications)::int AS applications, (SELECT count(*) FROM application_steps)::int AS steps,
           (SELECT count(*) FROM disbursements)::int AS disbursements, (SELECT count(*) FROM escalations)::int AS escalations`);

  expect(stored).toEqual(counts);
  expect(counts.steps).toBeGreaterThan(counts.applications * 4);
  const seen = await rows<{ stage: string }>('SELECT DISTINCT stage FROM applications ORDER BY stage');
  expect(seen.map((r) => r.stage)).toEqual([...stages].sort());
});

test("each application's row is what its last step, its tranches and its approval say", async () => {
  const inconsistent = await rows(`
    SELECT a.id FROM applications a
    JOIN LATERAL (SELECT s.sequence, s.stage_after, s.occurred_at FROM application_steps s
                  WHERE s.application_id = a.id ORDER BY s.sequence DESC LIMIT 1) last ON true
    LEFT JOIN LATERAL (SELECT coalesce(sum(d.amount), 0) AS paid FROM disbursements d WHERE d.application_id = a.id) t ON true
    WHERE a.last_sequence <> last.sequence OR a.stage <> last.stage_after OR a.updated_at <> last.occurred_at
       OR a.disbursed_amount <> t.paid
       OR (a.approved_amount IS NOT NULL) <> EXISTS (SELECT 1 FROM application_steps s WHERE s.application_id = a.id AND s.step = 'approve')
       OR (a.stage = 'rejected') <> (a.rejection_reason IS NOT NULL)
       OR (a.stage IN ('closed', 'rejected', 'ineligible', 'withdrawn')) <> (a.closed_at IS NOT NULL)`);

  expect(inconsistent).toEqual([]);
});

test('steps are numbered from 1 without gaps, in time order, and nothing happens outside the seeded span', async () => {
  const [broken] = await rows<Record<string, number>>(
    `SELECT count(*) FILTER (WHERE sequence <> position)::int AS gaps,
            count(*) FILTER (WHERE occurred_at < previous)::int AS backwards,
            count(*) FILTER (WHERE occurred_at < $1 OR occurred_at >= $2)::int AS outside
     FROM (SELECT sequence, occurred_at, row_number() OVER w AS position, lag(occurred_at) OVER w AS previous
           FROM application_steps WINDOW w AS (PARTITION BY application_id ORDER BY sequence)) s`,
    [from, until],
  );
  const [late] = await rows<{ n: number }>('SELECT count(*)::int AS n FROM escalations WHERE created_at >= $1 OR created_at < waiting_since', [until]);

  expect(broken).toEqual({ gaps: 0, backwards: 0, outside: 0 });
  expect(late).toEqual({ n: 0 });
});

test('the same seed seeds the same county', async () => {
  const again = await createTestDatabase();
  const other = new pg.Client({ connectionString: again.url });
  try {
    await other.connect();
    await other.query(`INSERT INTO organizations (id, kind, name, name_fa) SELECT id, 'agency', id, id FROM unnest($1::text[]) AS id`, [[...agencies, ...banks]]);
    await seedFiguresPopulation(other, { count: 300, seed: 7, agencies, banks, from, until });
    const digest = `SELECT md5(string_agg(id || stage || coalesce(bank_id, '') || disbursed_amount::text || last_sequence, ',' ORDER BY id)) AS d
                    FROM applications WHERE id IN (SELECT 'bench-7-' || n FROM generate_series(0, 299) AS n)`;
    expect((await other.query(digest)).rows).toEqual(await rows(digest));
  } finally {
    await other.end();
    await again.drop();
  }
});
