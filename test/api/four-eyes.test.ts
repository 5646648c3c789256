import request from 'supertest';
import { issueApiKey } from '../../api/api-keys';
import { seedCounty } from '../../db/county-seed';
import { runAdmin } from '../../scripts/admin';
import { submissionRequest } from './support/bodies';
import type { Actor } from '../../domain/commands';
import { bank } from '../../support/fixtures';
import { approved, atDecision } from '../support/walk';
import { type ApiHarness, as, bearer, startApiHarness } from './support/api-harness';

/** Four eyes over HTTP: the bank's setting on (as the database's default has it), a second clerk with a key. */
const secondClerk: Actor = { userId: 'user-bank-melli-2', organizationId: bank.organizationId, role: 'bank' };

let api: ApiHarness;
let secondKey: string;
beforeAll(async () => {
  api = await startApiHarness();
  const { prisma } = api.harness;
  await prisma.organization.update({ where: { id: bank.organizationId }, data: { fourEyes: true } });
  await prisma.user.create({ data: { id: secondClerk.userId, organizationId: secondClerk.organizationId, role: 'bank', name: 'second clerk' } });
  secondKey = await issueApiKey(prisma, secondClerk.userId, 'second clerk');
});
afterAll(async () => {
  await api?.stop();
});

const second = () => ({ post: (path: string, body: object) => request(api.app).post(path).set(bearer(secondKey)).send(body) });
const paidByMelli = async () => {
  const res = await as(api, 'official').get('/figures/banks');
  expect(res.status).toBe(200);
  const melli = res.body.organizations.find((o: { organizationId: string }) => o.organizationId === bank.organizationId);
  return { paid: melli.paid, pending: melli.pendingTranches };
};

test('a tranche answers 202 and is pending, not paid, until a second user of the bank confirms it (200)', async () => {
  const id = await approved(api.harness.workflows);
  const body = { amount: '50000000000', paymentReference: 'PAY-4E-1' };
  const before = await paidByMelli();

  const recorded = await as(api, 'bank').post(`/applications/${id}/steps/disburse-tranche`, body);
  expect(recorded.status).toBe(202);
  expect(recorded.body).toMatchObject({ disbursements: [], disbursedAmount: '0', pendingTranche: { ...body, recordedBy: bank.userId, awaiting: 'confirmation by a second user of the bank' } });
  const pendingNow = await paidByMelli();
  expect(pendingNow.paid).toEqual(before.paid);
  expect(pendingNow.pending).toEqual({ count: before.pending.count + 1, amount: String(BigInt(before.pending.amount) + 50000000000n) });

  const sameUser = await as(api, 'bank').post(`/applications/${id}/steps/disburse-tranche`, body);
  expect(sameUser.status).toBe(403);
  expect(sameUser.body.detail).toMatch(/second person of the bank must confirm/);
  const otherData = await second().post(`/applications/${id}/steps/disburse-tranche`, { ...body, paymentReference: 'PAY-4E-X' });
  expect(otherData.status).toBe(422);
  expect(otherData.body.errors).toEqual([expect.objectContaining({ field: 'paymentReference' })]);

  const confirmed = await second().post(`/applications/${id}/steps/disburse-tranche`, body);
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toMatchObject({ pendingTranche: null, disbursedAmount: '50000000000', disbursements: [{ tranche: 1, ...body }] });
  const after = await paidByMelli();
  expect(after.paid.tranches).toBe(before.paid.tranches + 1);
  expect(after.pending).toEqual(before.pending);
});

test('an approval above SECOND_APPROVAL_ABOVE_RIAL waits for a second user; one below it is taken at once', async () => {
  const large = await atDecision(api.harness.workflows);
  const body = { amount: '90000000000', terms: '4% over 5 years' };
  const recorded = await as(api, 'bank').post(`/applications/${large}/steps/approve`, body);
  expect(recorded.status).toBe(202);
  expect(recorded.body).toMatchObject({ stage: 'bank_review', approvedAmount: null, pendingApproval: { ...body, recordedBy: bank.userId } });
  const confirmed = await second().post(`/applications/${large}/steps/approve`, body);
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toMatchObject({ stage: 'disbursement', approvedAmount: '90000000000', pendingApproval: null });

  const small = await atDecision(api.harness.workflows);
  const taken = await as(api, 'bank').post(`/applications/${small}/steps/approve`, { amount: '10000000000', terms: 'at the threshold' });
  expect(taken.status).toBe(200);
  expect(taken.body).toMatchObject({ stage: 'disbursement', pendingApproval: null });
});

test('a bank user cancels a pending tranche with a reason; nobody else may, and nothing pending cannot be cancelled', async () => {
  const id = await approved(api.harness.workflows);
  await as(api, 'bank').post(`/applications/${id}/steps/disburse-tranche`, { amount: '10000000000', paymentReference: 'PAY-4E-C' });
  const path = `/applications/${id}/steps/cancel-tranche`;

  expect((await as(api, 'agency').post(path, { reason: 'no' })).status).toBe(403);
  expect((await as(api, 'otherBank').post(path, { reason: 'no' })).status).toBe(404);
  const noReason = await second().post(path, {});
  expect(noReason.status).toBe(422);
  expect(noReason.body.errors).toEqual([expect.objectContaining({ field: 'reason' })]);
  expect((await as(api, 'agency').get(`/applications/${id}`)).body.pendingTranche).toMatchObject({ amount: '10000000000' });

  const cancelled = await second().post(path, { reason: 'the account number was wrong' });
  expect(cancelled.status).toBe(200);
  expect(cancelled.body).toMatchObject({ pendingTranche: null, disbursements: [] });
  const notes = await as(api, 'official').get(`/applications/${id}/notes`);
  expect(notes.body.notes.map((n: { kind: string; text: string }) => [n.kind, n.text])).toEqual([
    ['recordTranche', null],
    ['cancelTranche', 'the account number was wrong'],
  ]);
  const again = await second().post(path, { reason: 'again' });
  expect(again.status).toBe(409);
  expect(again.body.detail).toMatch(/no tranche is pending/);
  expect((await second().post(`/applications/${id}/steps/cancel-approval`, { reason: 'none' })).status).toBe(409);
});

test('an admin turns four eyes off for a bank, and one user then pays alone', async () => {
  const { prisma } = api.harness;
  await expect(runAdmin(prisma, ['set-four-eyes', '--bank', 'org-relief-committee', '--on', 'false'])).rejects.toThrow('no bank org-relief-committee');
  expect(await runAdmin(prisma, ['set-four-eyes', '--bank', bank.organizationId, '--on', 'false'])).toMatch(/four eyes off/);
  try {
    const id = await approved(api.harness.workflows);
    const paid = await as(api, 'bank').post(`/applications/${id}/steps/disburse-tranche`, { amount: '10000000000', paymentReference: 'PAY-4E-ALONE' });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ pendingTranche: null, disbursedAmount: '10000000000' });
  } finally {
    await runAdmin(prisma, ['set-four-eyes', '--bank', bank.organizationId, '--on', 'true']);
  }
  expect((await prisma.organization.findUniqueOrThrow({ where: { id: bank.organizationId } })).fourEyes).toBe(true);
});

test('the county seed gives each bank two users, so the README’s walk-through pays with four eyes on', async () => {
  const keys = await seedCounty(api.harness.prisma);
  const melli = keys.filter((k) => k.organizationId === 'bank-melli');
  expect(melli.map((k) => [k.username, k.password !== null])).toEqual([['bank-melli', true], ['bank-melli-2', true]]);
  expect(keys.filter((k) => k.organizationId === 'relief-committee')).toHaveLength(1);
  const keyOf = (username: string) => keys.find((k) => k.username === username)!.apiKey;
  const post = (username: string, path: string, body: object) => request(api.app).post(path).set(bearer(keyOf(username))).send(body);

  const created = await post('relief-committee', '/applications', submissionRequest());
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  const steps: [string, string, object, number][] = [
    ['relief-committee', 'categorize', { category: 'micro_workshop', priority: 'high', bankId: 'bank-melli' }, 200],
    ['bank-melli', 'acknowledge-receipt', {}, 200],
    ['bank-melli', 'check-documents', { guaranteesAccepted: true }, 200],
    ['bank-melli', 'assess-credit', { creditScore: 720 }, 200],
    ['bank-melli', 'approve', { amount: '120000000000', terms: '4% over 5 years' }, 202],
    ['bank-melli-2', 'approve', { amount: '120000000000', terms: '4% over 5 years' }, 200],
    ['bank-melli', 'sign-contract', { contractNumber: 'MELLI-1405-77' }, 200],
    ['bank-melli', 'disburse-tranche', { amount: '120000000000', paymentReference: 'PAY-1' }, 202],
    ['bank-melli-2', 'disburse-tranche', { amount: '120000000000', paymentReference: 'PAY-1' }, 200],
  ];
  for (const [username, segment, body, status] of steps) {
    const answer = await post(username, `/applications/${id}/steps/${segment}`, body);
    expect({ segment, username, status: answer.status }).toEqual({ segment, username, status });
  }
  const paid = await request(api.app).get(`/applications/${id}`).set(bearer(keyOf('bank-melli')));
  expect(paid.body).toMatchObject({ stage: 'awaiting_follow_up', disbursedAmount: '120000000000', pendingTranche: null });
});
