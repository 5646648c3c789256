import request from 'supertest';
import { issueApiKey } from '../../api/api-keys';
import { createApp } from '../../api/app';
import type { WorkflowGateway } from '../../api/workflow-gateway';
import { runAdmin } from '../../scripts/admin';
import { agency, bank, otherBank, seedOrganizations } from '../../support/fixtures';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { admin, fieldsOf, official, silentLogger, testConfig } from './support/api-harness';
import { testFieldCipher } from '../../support/test-field-cipher';

// Only the database is needed: allocations are read and set without Temporal.
let database: TestDatabase;
let app: ReturnType<typeof createApp>;
const keys: Record<string, string> = {};
beforeAll(async () => {
  database = await createTestDatabase();
  const { prisma } = database;
  await seedOrganizations(prisma);
  await prisma.organization.createMany({
    data: [
      { id: official.organizationId, kind: 'governors_office', name: "Governor's Office", nameFa: 'فرمانداری' },
      { id: admin.organizationId, kind: 'operator', name: 'Operator', nameFa: 'راهبر' },
      { id: 'org-alavi', kind: 'support_institution', name: 'Alavi Foundation', nameFa: 'بنیاد علوی' },
    ],
  });
  await prisma.user.createMany({ data: [official, admin].map((a) => ({ id: a.userId, organizationId: a.organizationId, role: a.role, name: a.userId })) });
  for (const actor of [admin, official, agency, bank]) keys[actor.role] = await issueApiKey(prisma, actor.userId, `key ${actor.role}`);
  app = createApp({ prisma, fields: testFieldCipher, workflows: {} as WorkflowGateway, config: testConfig, logger: silentLogger });
});
afterAll(async () => {
  await database?.drop();
});

const auth = (role: string) => ({ Authorization: `Bearer ${keys[role]}` });
const put = (role: string, path: string, body: unknown) => request(app).put(path).set(auth(role)).send(body as object);
const get = (role: string, path: string) => request(app).get(path).set(auth(role));

test('an admin sets a bank’s allocation and an agency’s target over HTTP, reads them back, and every change is logged with who and the values before and after', async () => {
  const first = await put('admin', `/allocations/1405/banks/${bank.organizationId}`, { amount: '۵۰۰۰۰۰۰۰۰۰۰۰' });
  expect(first.status).toBe(200);
  expect(first.body).toEqual({ year: 1405, organizationId: bank.organizationId, amount: '500000000000', changed: true });
  expect((await put('admin', `/allocations/1405/banks/${bank.organizationId}`, { amount: '700000000000' })).body.changed).toBe(true);
  expect((await put('admin', `/allocations/1405/organizations/${agency.organizationId}`, { jobsTarget: 120 })).body).toEqual({
    year: 1405, organizationId: agency.organizationId, jobsTarget: 120, changed: true,
  });

  const read = await get('admin', '/allocations/1405');
  expect(read.status).toBe(200);
  expect(read.body.banks.find((b: { organizationId: string }) => b.organizationId === bank.organizationId)).toMatchObject({ amount: '700000000000', updatedBy: admin.userId });
  expect(read.body.banks.find((b: { organizationId: string }) => b.organizationId === otherBank.organizationId)).toMatchObject({ amount: null, updatedBy: null });
  expect(read.body.organizations.map((o: { organizationId: string }) => o.organizationId)).toEqual(['org-alavi', 'org-relief-committee', 'org-welfare']);
  expect(read.body.organizations.find((o: { organizationId: string }) => o.organizationId === agency.organizationId)).toMatchObject({ jobsTarget: 120 });
  expect(read.body.changes.map((c: Record<string, unknown>) => [c.organizationId, c.kind, c.oldValue, c.newValue, c.changedBy])).toEqual([
    [bank.organizationId, 'lending_allocation', null, '500000000000', admin.userId],
    [bank.organizationId, 'lending_allocation', '500000000000', '700000000000', admin.userId],
    [agency.organizationId, 'jobs_target', null, '120', admin.userId],
  ]);
  // Another year is another allocation.
  expect((await get('admin', '/allocations/1406')).body.banks.every((b: { amount: unknown }) => b.amount === null)).toBe(true);
});

test('PUT is idempotent: the same value again answers changed: false and logs nothing', async () => {
  const path = `/allocations/1404/banks/${otherBank.organizationId}`;
  expect((await put('admin', path, { amount: '1000' })).body.changed).toBe(true);
  const again = await put('admin', path, { amount: '1000' });
  expect(again.status).toBe(200);
  expect(again.body).toEqual({ year: 1404, organizationId: otherBank.organizationId, amount: '1000', changed: false });
  expect(await database.prisma.allocationChange.count({ where: { year: 1404, organizationId: otherBank.organizationId } })).toBe(1);
});

test('only admins may read or set allocations', async () => {
  for (const role of ['official', 'agency', 'bank']) {
    expect((await get(role, '/allocations/1405')).status).toBe(403);
    expect((await put(role, `/allocations/1405/banks/${bank.organizationId}`, { amount: '1' })).status).toBe(403);
    expect((await put(role, `/allocations/1405/organizations/${agency.organizationId}`, { jobsTarget: 1 })).status).toBe(403);
  }
  expect((await request(app).get('/allocations/1405')).status).toBe(401);
  expect(await database.prisma.lendingAllocation.count({ where: { amount: 1 } })).toBe(0);
});

test('bad input is refused with a 4xx naming the field, never a 500', async () => {
  const bankPath = `/allocations/1405/banks/${bank.organizationId}`;
  const cases: [string, unknown, number, string[]][] = [
    [bankPath, { amount: '-5' }, 422, ['amount']],
    [bankPath, { amount: 5 }, 422, ['amount']],
    [bankPath, { amount: '1.5' }, 422, ['amount']],
    [bankPath, {}, 422, ['amount']],
    [bankPath, { amount: '1', extra: 1 }, 422, ['extra']],
    [`/allocations/99999/banks/${bank.organizationId}`, { amount: '1' }, 422, ['params.year']],
    [`/allocations/1405/organizations/${agency.organizationId}`, { jobsTarget: -1 }, 422, ['jobsTarget']],
    [`/allocations/1405/organizations/${agency.organizationId}`, { jobsTarget: 2.5 }, 422, ['jobsTarget']],
    // A target for a bank, an allocation for an agency: the organization is at fault.
    [`/allocations/1405/organizations/${bank.organizationId}`, { jobsTarget: 3 }, 422, ['params.organizationId']],
    [`/allocations/1405/banks/${agency.organizationId}`, { amount: '3' }, 422, ['params.organizationId']],
  ];
  for (const [path, body, status, fields] of cases) {
    const res = await put('admin', path, body);
    expect({ path, body, status: res.status, fields: fieldsOf(res.body) }).toEqual({ path, body, status, fields });
  }
  expect((await put('admin', '/allocations/1405/banks/org-nowhere', { amount: '1' })).status).toBe(404);
  expect((await get('admin', '/allocations/next-year')).status).toBe(422);
});

describe('the command line', () => {
  const cli = (...argv: string[]) => runAdmin(database.prisma, argv);

  test('sets, repeats and lists allocations and targets, logging each change as made from the command line', async () => {
    expect(await cli('set-lending-allocation', '--year', '1403', '--bank', bank.organizationId, '--amount', '900000', '--by', 'sara')).toBe(
      `set lending allocation of ${bank.organizationId} for 1403: 900000 rials`,
    );
    expect(await cli('set-lending-allocation', '--year', '1403', '--bank', bank.organizationId, '--amount', '900000')).toMatch(/^unchanged:/);
    expect(await cli('set-jobs-target', '--year', '1403', '--organization', 'org-alavi', '--jobs', '40')).toBe('set jobs target of org-alavi for 1403: 40 jobs');
    const listed = (await cli('list-allocations', '--year', '1403')).split('\n');
    expect(listed).toContainEqual(expect.stringMatching(new RegExp(`^${bank.organizationId}\\tbank\\tlending_allocation\\t900000\\tcli:sara\\t`)));
    expect(listed).toContainEqual(expect.stringMatching(/^org-alavi\tsupport_institution\tjobs_target\t40\tcli:admin\t/));
    expect(listed).toContainEqual(`${otherBank.organizationId}\tbank\tlending_allocation\t-\t\t`);
    // The API reads what the command line set.
    const read = await get('admin', '/allocations/1403');
    expect(read.body.banks.find((b: { organizationId: string }) => b.organizationId === bank.organizationId).amount).toBe('900000');
    expect(read.body.changes).toHaveLength(2);
  });

  test('mistakes are explained', async () => {
    await expect(cli('set-lending-allocation', '--year', '1403', '--bank', bank.organizationId)).rejects.toThrow(/--amount/);
    await expect(cli('set-lending-allocation', '--year', '14o3', '--bank', bank.organizationId, '--amount', '-1')).rejects.toThrow(/--year[\s\S]*--amount/);
    await expect(cli('set-lending-allocation', '--year', '1403', '--bank', 'org-nowhere', '--amount', '1')).rejects.toThrow('there is no organization org-nowhere');
    await expect(cli('set-jobs-target', '--year', '1403', '--organization', bank.organizationId, '--jobs', '4')).rejects.toThrow(/is a bank/);
  });
});
