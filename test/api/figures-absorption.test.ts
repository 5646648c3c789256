import request from 'supertest';
import type { PrismaClient } from '../../generated/prisma/client';
import { agency, bank, otherAgency, otherBank } from '../../support/fixtures';
import { type ApiHarness, bearer, type CallerName, startApiHarness } from './support/api-harness';
import { seedPopulation } from './support/figures/population';
import { figuresOf } from './support/figures/requests';

/** Absorption of allocations and targets, checked against plain SQL written apart from the implementation. */
let api: ApiHarness;
const banks = [bank.organizationId, otherBank.organizationId, 'org-bank-keshavarzi'];
const agencies = [agency.organizationId, otherAgency.organizationId, 'org-alavi'];
beforeAll(async () => {
  api = await startApiHarness();
  const { prisma } = api.harness;
  await prisma.organization.createMany({
    data: [
      { id: 'org-alavi', kind: 'support_institution', name: 'Alavi Foundation', nameFa: 'بنیاد علوی' },
      { id: 'org-bank-keshavarzi', kind: 'bank', name: 'Bank Keshavarzi', nameFa: 'بانک کشاورزی' },
    ],
  });
  await seedPopulation(prisma, { agencies, banks }, 400, 2405);
  const committed = await expectedBanks(prisma, 1405);
  // A generous allocation, one already passed (remaining below zero), and a bank with none.
  await setAllocation(1405, bank.organizationId, '90000000000000000');
  await setAllocation(1405, otherBank.organizationId, String(BigInt(committed.get(otherBank.organizationId)!.approved) / 2n));
  await setAllocation(1404, 'org-bank-keshavarzi', '123');
  await setTarget(1405, agency.organizationId, 150);
  await setTarget(1405, 'org-alavi', 7);
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const setAllocation = async (year: number, bankId: string, amount: string) =>
  expect((await request(api.app).put(`/allocations/${year}/banks/${bankId}`).set(bearer(api.keys.admin)).send({ amount })).status).toBe(200);
const setTarget = async (year: number, organizationId: string, jobsTarget: number) =>
  expect((await request(api.app).put(`/allocations/${year}/organizations/${organizationId}`).set(bearer(api.keys.admin)).send({ jobsTarget })).status).toBe(200);
const figures = (caller: CallerName, path: string) => figuresOf(api, caller, path);

// The Jalali year 1405 in Tehran time (UTC+03:30): from 1 Farvardin 1405 (21 March 2026) to 1 Farvardin 1406 (21 March 2027).
const years: Record<number, [string, string]> = { 1405: ['2026-03-20T20:30:00Z', '2027-03-20T20:30:00Z'] };

interface BankRow { id: string; allocation: string | null; approved: string; paid: string; remaining: string | null; rate: string | null }
async function expectedBanks(prisma: PrismaClient, year: number): Promise<Map<string, BankRow>> {
  const [from, to] = years[year]!;
  const rows = await prisma.$queryRawUnsafe<BankRow[]>(
    `WITH approved AS (
       SELECT a.bank_id, sum(a.approved_amount) AS amount FROM applications a
       WHERE a.stage <> 'withdrawn' AND a.id IN (SELECT application_id FROM application_steps WHERE step = 'approve' AND occurred_at >= $1::timestamptz AND occurred_at < $2::timestamptz)
       GROUP BY a.bank_id),
     paid AS (
       SELECT a.bank_id, sum(d.amount) AS amount FROM disbursements d, applications a
       WHERE a.id = d.application_id AND d.paid_at >= $1::timestamptz AND d.paid_at < $2::timestamptz GROUP BY a.bank_id)
     SELECT o.id, l.amount::text AS allocation, coalesce(ap.amount, 0)::text AS approved, coalesce(p.amount, 0)::text AS paid,
       (l.amount - coalesce(ap.amount, 0))::text AS remaining, round(coalesce(p.amount, 0) / l.amount, 4)::text AS rate
     FROM organizations o
     LEFT JOIN lending_allocations l ON l.bank_id = o.id AND l.year = $3
     LEFT JOIN approved ap ON ap.bank_id = o.id LEFT JOIN paid p ON p.bank_id = o.id
     WHERE o.kind = 'bank' ORDER BY o.id`,
    from, to, year,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

interface AgencyRow { id: string; target: number | null; confirmed: number; rate: string | null }
async function expectedAgencies(prisma: PrismaClient, year: number): Promise<AgencyRow[]> {
  const [from, to] = years[year]!;
  return prisma.$queryRawUnsafe<AgencyRow[]>(
    `SELECT o.id, t.jobs AS target,
       coalesce((SELECT sum(a.jobs_confirmed) FROM applications a JOIN application_steps s ON s.application_id = a.id
                 WHERE a.agency_id = o.id AND s.step = 'confirmJobs' AND s.occurred_at >= $1::timestamptz AND s.occurred_at < $2::timestamptz), 0)::int AS confirmed,
       round(coalesce((SELECT sum(a.jobs_confirmed) FROM applications a JOIN application_steps s ON s.application_id = a.id
                 WHERE a.agency_id = o.id AND s.step = 'confirmJobs' AND s.occurred_at >= $1::timestamptz AND s.occurred_at < $2::timestamptz), 0)::numeric / t.jobs, 4)::text AS rate
     FROM organizations o LEFT JOIN jobs_targets t ON t.organization_id = o.id AND t.year = $3
     WHERE o.kind IN ('agency', 'support_institution') ORDER BY o.id`,
    from, to, year,
  );
}

test('every bank’s and agency’s absorption for 1405 agrees with an independent SQL query, null where nothing is set', async () => {
  const answer = await figures('official', '/figures/absorption?year=1405');
  const expected = await expectedBanks(api.harness.prisma, 1405);
  expect(answer.banks.map((row: { organizationId: string; lending: object }) => [row.organizationId, row.lending])).toEqual(
    [...expected.values()].map((row) => [row.id, { allocation: row.allocation, approvedAmount: row.approved, paidAmount: row.paid, remainingAllocation: row.remaining, absorptionRate: row.rate }]),
  );
  const jobs = await expectedAgencies(api.harness.prisma, 1405);
  expect(answer.organizations.map((row: { organizationId: string; jobs: object }) => [row.organizationId, row.jobs])).toEqual(
    jobs.map((row) => [row.id, { target: row.target, confirmed: row.confirmed, rate: row.rate }]),
  );
  // The population gives each figure something to count, and the allocations above their cases.
  const melli = expected.get(bank.organizationId)!;
  expect(BigInt(melli.paid)).toBeGreaterThan(0n);
  expect(expected.get(otherBank.organizationId)!.remaining).toMatch(/^-\d+$/);
  expect(expected.get('org-bank-keshavarzi')).toMatchObject({ allocation: null, remaining: null, rate: null });
  expect(jobs.find((j) => j.id === agency.organizationId)!.confirmed).toBeGreaterThan(0);
  expect(answer.period).toEqual({ from: '2026-03-20T20:30:00.000Z', to: '2027-03-20T20:30:00.000Z', label: '1405' });
});

test('the county totals sum the rows; allocation, remaining and rates are over those that have one', async () => {
  const { banks: rows, organizations, county } = await figures('admin', '/figures/absorption?year=1405');
  const sum = (values: string[]) => values.reduce((total, v) => total + BigInt(v), 0n).toString();
  const allocated = rows.filter((r: { lending: { allocation: string | null } }) => r.lending.allocation !== null);
  expect(allocated).toHaveLength(2);
  const allocation = BigInt(sum(allocated.map((r: { lending: { allocation: string } }) => r.lending.allocation)));
  const paidOfAllocated = BigInt(sum(allocated.map((r: { lending: { paidAmount: string } }) => r.lending.paidAmount)));
  const [rate] = await api.harness.prisma.$queryRawUnsafe<{ rate: string }[]>(`SELECT round($1::numeric / $2::numeric, 4)::text AS rate`, paidOfAllocated.toString(), allocation.toString());
  expect(county.lending).toEqual({
    allocation: allocation.toString(),
    approvedAmount: sum(rows.map((r: { lending: { approvedAmount: string } }) => r.lending.approvedAmount)),
    paidAmount: sum(rows.map((r: { lending: { paidAmount: string } }) => r.lending.paidAmount)),
    remainingAllocation: sum(allocated.map((r: { lending: { remainingAllocation: string } }) => r.lending.remainingAllocation)),
    absorptionRate: rate!.rate,
  });
  const targeted = organizations.filter((o: { jobs: { target: number | null } }) => o.jobs.target !== null);
  const confirmedOfTargeted = targeted.reduce((total: number, o: { jobs: { confirmed: number } }) => total + o.jobs.confirmed, 0);
  expect(county.jobs).toMatchObject({
    target: 157,
    confirmed: organizations.reduce((total: number, o: { jobs: { confirmed: number } }) => total + o.jobs.confirmed, 0),
    rate: (Math.round((confirmedOfTargeted / 157) * 10_000) / 10_000).toFixed(4),
  });
  // A year without any allocation or target: every allocation, remaining and rate is null.
  const empty = await figures('admin', '/figures/absorption?year=1403');
  expect(empty.county).toEqual({
    lending: { allocation: null, approvedAmount: '0', paidAmount: '0', remainingAllocation: null, absorptionRate: null },
    jobs: { target: null, confirmed: 0, rate: null },
  });
});

test('a bank or an agency sees its own row and the county totals; officials and admins see every row', async () => {
  const full = await figures('official', '/figures/absorption?year=1405');
  expect(full.banks.map((r: { organizationId: string }) => r.organizationId)).toEqual([...banks].sort());
  expect(full.organizations.map((r: { organizationId: string }) => r.organizationId)).toEqual([...agencies].sort());
  const asBank = await figures('bank', '/figures/absorption?year=1405');
  expect(asBank.banks.map((r: { organizationId: string }) => r.organizationId)).toEqual([bank.organizationId]);
  expect(asBank.organizations).toEqual([]);
  expect(asBank.county).toEqual(full.county);
  const asAgency = await figures('otherAgency', '/figures/absorption?year=1405');
  expect(asAgency.banks).toEqual([]);
  expect(asAgency.organizations.map((r: { organizationId: string }) => r.organizationId)).toEqual([otherAgency.organizationId]);
  expect(asAgency.county).toEqual(full.county);
});

test('as CSV: one row per bank, then per agency, then the county, with the same numbers as the JSON', async () => {
  const json = await figures('admin', '/figures/absorption?year=1405');
  const res = await request(api.app).get('/figures/absorption?year=1405&format=csv').set(bearer(api.keys.admin));
  expect(res.status).toBe(200);
  expect(res.headers['content-disposition']).toBe('attachment; filename="figures-absorption-1405.csv"');
  expect(res.text.startsWith('\uFEFF')).toBe(true);
  const [header, ...lines] = res.text.slice(1).trimEnd().split('\r\n').map((line) => line.split(','));
  expect(header).toEqual([
    'organizationId', 'kind', 'name', 'nameFa',
    'lending.allocation', 'lending.approvedAmount', 'lending.paidAmount', 'lending.remainingAllocation', 'lending.absorptionRate',
    'jobs.target', 'jobs.confirmed', 'jobs.rate',
  ]);
  const cells = Object.fromEntries(lines.map((line) => [line[0], Object.fromEntries(header!.map((column, i) => [column, line[i]]))]));
  expect(lines).toHaveLength(banks.length + agencies.length + 1);
  const otherBankRow = json.banks.find((r: { organizationId: string }) => r.organizationId === otherBank.organizationId);
  // A negative remaining allocation is quoted so Excel never reads it as a formula.
  expect(cells[otherBank.organizationId]).toMatchObject({ 'lending.paidAmount': otherBankRow.lending.paidAmount, 'lending.remainingAllocation': `'${otherBankRow.lending.remainingAllocation}`, 'jobs.target': '' });
  expect(cells['org-bank-keshavarzi']).toMatchObject({ 'lending.allocation': '', 'lending.absorptionRate': '' });
  expect(cells[agency.organizationId]).toMatchObject({ 'jobs.target': '150', 'lending.allocation': '' });
  expect(cells.county).toMatchObject({ 'lending.absorptionRate': json.county.lending.absorptionRate, 'jobs.confirmed': String(json.county.jobs.confirmed) });
});

test('absorption is per Jalali year: a quarter, a month, dates or a listing filter are refused on the parameter at fault', async () => {
  for (const [query, field] of [
    ['year=1405&quarter=2', 'query.quarter'],
    ['year=1405&month=3', 'query.month'],
    ['from=2026-04-01&to=2026-05-01', 'query.from'],
    [`year=1405&bankId=${bank.organizationId}`, 'query.bankId'],
    ['year=99', 'query.year'],
  ]) {
    const res = await request(api.app).get(`/figures/absorption?${query}`).set(bearer(api.keys.official));
    expect({ query, status: res.status, fields: (res.body.errors ?? []).map((e: { field: string }) => e.field) }).toEqual({ query, status: 422, fields: [field] });
  }
  expect((await request(api.app).get('/figures/absorption?year=1405')).status).toBe(401);
});
