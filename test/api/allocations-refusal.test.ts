import { jalaliDateInIran } from '../../domain/calendar/iran-time';
import { workflowIdFor } from '../../domain/contract';
import { agency, bank, otherBank } from '../../support/fixtures';
import { atDecision, submitted } from '../support/walk';
import request from 'supertest';
import { type ApiHarness, as, bearer, startApiHarness } from './support/api-harness';

/** The lending limit on the real stack: HTTP, the workflow, its persistence activity and PostgreSQL. */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

// Approvals are counted in the Jalali year they happen in, Tehran time: this one.
const year = jalaliDateInIran(new Date()).year;
const setAllocation = (bankId: string, amount: string) =>
  request(api.app).put(`/allocations/${year}/banks/${bankId}`).set(bearer(api.keys.admin)).send({ amount });
const approve = (caller: 'bank' | 'otherBank', id: string, amount: string) => as(api, caller).post(`/applications/${id}/steps/approve`, { amount, terms: '4% over 5 years' });

/** What a refused step must leave as it was: the case over HTTP, its trail, the workflow's own state. */
async function snapshot(id: string) {
  const [resource, steps, state] = await Promise.all([as(api, 'official').get(`/applications/${id}`), as(api, 'official').get(`/applications/${id}/steps`), api.harness.workflows.state(id)]);
  return { resource: resource.body, steps: steps.body.steps, state };
}

async function atDecisionWith(bankActor: typeof otherBank): Promise<string> {
  const id = await submitted(api.harness.workflows);
  const { workflows } = api.harness;
  await workflows.step(id, 'categorize', { actor: agency, data: { category: 'micro_workshop', priority: 'high', bankId: bankActor.organizationId } });
  await workflows.step(id, 'acknowledgeReceipt', { actor: bankActor, data: {} });
  await workflows.step(id, 'checkDocuments', { actor: bankActor, data: { guaranteesAccepted: true } });
  await workflows.step(id, 'assessCredit', { actor: bankActor, data: { creditScore: 720 } });
  return id;
}

test('given a bank without an allocation for the year, approvals have no limit', async () => {
  const id = await atDecision(api.harness.workflows);
  expect((await approve('bank', id, '900000000000000')).status).toBe(200);
});

test('an approval past the remaining allocation is refused with 409 exceeds-lending-limit and changes nothing; once the admin raises the allocation the same approval succeeds', async () => {
  // What the bank approved before this test (the test above) counts against the allocation too.
  const before = await api.harness.prisma.application.aggregate({ where: { bankId: bank.organizationId, stage: { not: 'withdrawn' } }, _sum: { approvedAmount: true } });
  const committed = BigInt(before._sum.approvedAmount?.toFixed(0) ?? '0');
  expect((await setAllocation(bank.organizationId, String(committed + 250_000_000_000n))).status).toBe(200);

  const id = await atDecision(api.harness.workflows);
  const unchanged = await snapshot(id);
  const refused = await approve('bank', id, '300000000000');
  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ type: '/problems/exceeds-lending-limit', status: 409, errors: [{ field: 'amount' }] });
  expect(refused.body.detail).toContain('250000000000 remaining');
  expect(await snapshot(id)).toEqual(unchanged);
  expect(unchanged.resource).toMatchObject({ stage: 'bank_review', reviewStep: 'decision', approvedAmount: null });
  // The refusal is final at the first, local, attempt: no normal activity is scheduled to retry it.
  const history = await api.harness.env.client.workflow.getHandle(workflowIdFor(id)).fetchHistory();
  expect(history.events?.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);

  // Another step still goes through the gate after the refusal: the workflow was left as it was.
  expect((await setAllocation(bank.organizationId, String(committed + 300_000_000_000n))).status).toBe(200);
  const approved = await approve('bank', id, '300000000000');
  expect(approved.status).toBe(200);
  expect(approved.body).toMatchObject({ stage: 'disbursement', approvedAmount: '300000000000' });
  const trail = (await snapshot(id)).steps.map((s: { step: string }) => s.step);
  expect(trail).toEqual([...unchanged.steps.map((s: { step: string }) => s.step), 'approve']);

  // Nothing remains now; a withdrawal after approval releases the amount for another case.
  const next = await atDecision(api.harness.workflows);
  expect((await approve('bank', next, '1')).status).toBe(409);
  expect((await as(api, 'agency').post(`/applications/${id}/steps/withdraw`, { reason: 'applicant request' })).status).toBe(200);
  expect((await approve('bank', next, '300000000000')).status).toBe(200);
  // The absorption figures count the allocation as the limit does.
  const absorption = await as(api, 'bank').get(`/figures/absorption?year=${year}`);
  expect(absorption.body.banks).toEqual([expect.objectContaining({ organizationId: bank.organizationId, lending: expect.objectContaining({ remainingAllocation: '0' }) })]);
}, 60_000);

test('two concurrent approvals at one bank where only one fits: exactly one succeeds', async () => {
  const cases = await Promise.all([atDecisionWith(otherBank), atDecisionWith(otherBank), atDecisionWith(otherBank)]);
  expect((await setAllocation(otherBank.organizationId, '500000000000')).status).toBe(200);
  const answers = await Promise.all(cases.map((id) => approve('otherBank', id, '400000000000')));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
  const approvedNow = await api.harness.prisma.application.findMany({ where: { id: { in: cases }, stage: 'disbursement' } });
  expect(approvedNow).toHaveLength(1);
  expect(await api.harness.prisma.applicationStep.count({ where: { applicationId: { in: cases }, step: 'approve' } })).toBe(1);
}, 60_000);
