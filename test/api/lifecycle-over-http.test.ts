import { referredToBank, submitted } from '../support/walk';
import { type ApiHarness, as, startApiHarness } from './support/api-harness';
import { submissionRequest } from './support/bodies';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness({ followUpAfterMs: 300 });
});
afterAll(async () => {
  await api?.stop();
});

test('an application goes from submission to closed over HTTP, and its trail reads as the steps taken', async () => {
  const agency = as(api, 'agency');
  const bank = as(api, 'bank');
  const created = await agency.post('/applications', submissionRequest({ requestedAmount: '۳۰۰۰۰۰۰۰۰۰۰۰' }));
  expect(created.status).toBe(201);
  const id: string = created.body.id;
  const step = async (who: typeof agency, segment: string, body: object) => {
    const res = await who.post(`/applications/${id}/steps/${segment}`, body);
    expect({ segment, status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ segment, status: 200, body: undefined });
    return res.body;
  };

  await step(agency, 'categorize', { category: 'handicrafts', priority: 'high', bankId: 'org-bank-melli', comment: 'silk' });
  await step(bank, 'acknowledge-receipt', {});
  await step(bank, 'check-documents', { guaranteesAccepted: true });
  await step(bank, 'assess-credit', { creditScore: '۷۲۰' });
  expect(await step(bank, 'approve', { amount: '300000000000', terms: '4% over 5 years' })).toMatchObject({ stage: 'disbursement', approvedAmount: '300000000000' });
  await step(bank, 'sign-contract', { contractNumber: 'C-77' });
  await step(bank, 'disburse-tranche', { amount: '100000000000', paymentReference: 'PAY-1' });
  const paid = await step(bank, 'disburse-tranche', { amount: '200000000000', paymentReference: 'PAY-2' });
  expect(paid).toMatchObject({ stage: 'awaiting_follow_up', disbursedAmount: '300000000000' });
  expect(paid.disbursements).toHaveLength(2);

  const deadline = Date.now() + 20_000;
  while ((await agency.get(`/applications/${id}`)).body.stage !== 'employment_follow_up') {
    if (Date.now() > deadline) throw new Error('the follow-up never opened');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const closed = await step(agency, 'confirm-jobs', { jobsConfirmed: 3 });
  expect(closed).toMatchObject({ stage: 'closed', jobsConfirmed: 3, closedAt: expect.any(String) });
  expect(closed.links.workflowUi).toBe(`http://ui.test/namespaces/default/workflows/loan-application-${id}`);

  const trail = await as(api, 'official').get(`/applications/${id}/steps`);
  expect(trail.body.steps.map((s: { step: string }) => s.step)).toEqual([
    'submit', 'categorize', 'acknowledgeReceipt', 'checkDocuments', 'assessCredit', 'approve',
    'signContract', 'disburseTranche', 'disburseTranche', 'openFollowUp', 'confirmJobs',
  ]);
  expect(trail.body.steps[1]).toMatchObject({ comment: 'silk', actor: { role: 'agency', organizationId: 'org-relief-committee' } });
});

describe('listing: filters and cursor pagination', () => {
  let ids: { referred: string[]; submitted: string[]; tea: string; otherAgency: string };
  let between: { from: string; to: string };
  beforeAll(async () => {
    const referred = [await referredToBank(api.harness.workflows), await referredToBank(api.harness.workflows)];
    const from = new Date().toISOString();
    const plain = [await submitted(api.harness.workflows), await submitted(api.harness.workflows), await submitted(api.harness.workflows)];
    const to = new Date().toISOString();
    const tea = (await as(api, 'agency').post('/applications', submissionRequest({ district: 'shalman' }))).body.id;
    const otherAgency = (await as(api, 'otherAgency').post('/applications', submissionRequest())).body.id;
    ids = { referred, submitted: plain, tea, otherAgency };
    between = { from, to };
  });

  const list = async (caller: Parameters<typeof as>[1], query: string) => {
    const res = await as(api, caller).get(`/applications?${query}`);
    expect(res.status).toBe(200);
    return res.body as { items: { id: string; stage: string }[]; nextCursor: string | null };
  };
  const idsOf = (page: { items: { id: string }[] }) => page.items.map((i) => i.id);

  test('by stage, bank, agency, category, district and submission time', async () => {
    expect(idsOf(await list('official', 'stage=bank_review&category=micro_workshop'))).toEqual(expect.arrayContaining(ids.referred));
    expect((await list('official', 'stage=bank_review')).items.every((i) => i.stage === 'bank_review')).toBe(true);
    expect(idsOf(await list('admin', 'bankId=org-bank-melli'))).toEqual(expect.arrayContaining(ids.referred));
    expect(idsOf(await list('admin', 'agencyId=org-welfare'))).toEqual([ids.otherAgency]);
    expect(idsOf(await list('agency', 'district=shalman'))).toEqual([ids.tea]);
    expect(new Set(idsOf(await list('admin', `submittedFrom=${between.from}&submittedTo=${between.to}`)))).toEqual(new Set(ids.submitted));
  });

  test('filters never widen what a caller may see', async () => {
    expect(idsOf(await list('otherAgency', 'agencyId=org-relief-committee'))).toEqual([]);
    expect(idsOf(await list('otherBank', 'bankId=org-bank-melli'))).toEqual([]);
  });

  test('pages follow each other newest first without gaps or repeats', async () => {
    const all = idsOf(await list('admin', 'limit=200'));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list('admin', `limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...idsOf(page));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(all.length).toBeGreaterThanOrEqual(7);
  });

  test('bad filters are named', async () => {
    const res = await as(api, 'admin').get('/applications?stage=lost&cursor=zzz&submittedFrom=yesterday&limit=0&colour=red');
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['query.colour', 'query.cursor', 'query.limit', 'query.stage', 'query.submittedFrom']);
  });
});
