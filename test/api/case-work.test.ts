import { referredToBank, submitted } from '../support/walk';
import { policy } from '../workflows/support/ladder-setup';
import { type ApiHarness, as, fieldsOf, startApiHarness } from './support/api-harness';

/** Case work over HTTP, on the real dev server and PostgreSQL; deadlines far off, so nobody is reminded. */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness({ escalation: policy({}, { maxExtensionDays: 10 }) });
});
afterAll(async () => {
  await api?.stop();
});

describe('comments', () => {
  test('a comment is a note: the stage and the audit trail stay as they were, and every party reads it', async () => {
    const id = await referredToBank(api.harness.workflows);
    const res = await as(api, 'bank').post(`/applications/${id}/comments`, { text: 'We need the lease; @org-relief-committee please send it.' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id, stage: 'bank_review', reviewStep: 'acknowledge' });
    expect(await api.harness.prisma.applicationStep.count({ where: { applicationId: id } })).toBe(2);
    for (const caller of ['agency', 'official'] as const) {
      const notes = await as(api, caller).get(`/applications/${id}/notes`);
      expect(notes.body.notes).toEqual([
        expect.objectContaining({ number: 1, kind: 'comment', text: 'We need the lease; @org-relief-committee please send it.', data: { mentions: ['org-relief-committee'] }, afterSequence: 2 }),
      ]);
    }
  });

  test('a mention of an organization that cannot see the case is refused, naming the text, and nothing is written', async () => {
    const id = await submitted(api.harness.workflows);
    for (const text of ['see @org-bank-melli', 'see @org-welfare', 'see @no-such-org']) {
      const res = await as(api, 'agency').post(`/applications/${id}/comments`, { text });
      expect({ text, status: res.status, fields: fieldsOf(res.body) }).toEqual({ text, status: 422, fields: ['text'] });
    }
    const ok = await as(api, 'agency').post(`/applications/${id}/comments`, { text: 'cc @org-governors-office, and mail me at a@b.example' });
    expect(ok.status).toBe(201);
    const notes = await api.harness.prisma.caseNote.findMany({ where: { applicationId: id } });
    expect(notes.map((n) => n.data)).toEqual([{ mentions: ['org-governors-office'] }]);
  });

  test('an empty, over-long or NUL comment is a 422 naming text', async () => {
    const id = await submitted(api.harness.workflows);
    for (const text of ['', '   ', 'x'.repeat(2001), 'a\u0000b']) {
      const res = await as(api, 'agency').post(`/applications/${id}/comments`, { text });
      expect(res.status).toBe(422);
      expect(fieldsOf(res.body)).toEqual(['text']);
    }
    expect(await api.harness.prisma.caseNote.count({ where: { applicationId: id } })).toBe(0);
  });
});

describe('deadline extensions', () => {
  test('granted to the holder up to the cap; past it a 422 on days, recorded as a refused attempt', async () => {
    const id = await referredToBank(api.harness.workflows);
    expect((await as(api, 'official').post(`/applications/${id}/deadline-extensions`, { days: 6, reason: 'bank audit week' })).status).toBe(201);
    const over = await as(api, 'official').post(`/applications/${id}/deadline-extensions`, { days: 5, reason: 'again' });
    expect(over.status).toBe(422);
    expect(fieldsOf(over.body)).toEqual(['days']);
    const row = await api.harness.prisma.application.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ extensionDays: 6, extensionWaitId: expect.stringMatching(/^bank_review\.acknowledge#/) });
    const refused = await api.harness.prisma.refusedStep.findMany({ where: { applicationId: id } });
    expect(refused).toEqual([expect.objectContaining({ step: 'extendDeadline', rule: 'INVALID_STEP_DATA', field: 'days' })]);
  });

  test('zero days, no reason, or an unknown case are refused', async () => {
    const id = await submitted(api.harness.workflows);
    expect(fieldsOf((await as(api, 'official').post(`/applications/${id}/deadline-extensions`, { days: 0, reason: 'x' })).body)).toEqual(['days']);
    expect(fieldsOf((await as(api, 'official').post(`/applications/${id}/deadline-extensions`, { days: 1 })).body)).toEqual(['reason']);
    expect((await as(api, 'official').post('/applications/no-such-case/deadline-extensions', { days: 1, reason: 'x' })).status).toBe(404);
  });
});

describe('reassignment', () => {
  test('the old bank loses the case at once, the new bank has it at the first review step', async () => {
    const id = await referredToBank(api.harness.workflows);
    await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {});
    const res = await as(api, 'official').post(`/applications/${id}/reassignments`, { toBankId: 'org-bank-sepah', reason: 'other', note: 'branch closed' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ bank: { id: 'org-bank-sepah' }, stage: 'bank_review', reviewStep: 'acknowledge' });
    expect((await as(api, 'bank').get(`/applications/${id}`)).status).toBe(404);
    expect((await as(api, 'bank').post(`/applications/${id}/steps/check-documents`, { guaranteesAccepted: true })).status).toBe(404);
    expect((await as(api, 'otherBank').get(`/applications/${id}`)).status).toBe(200);
    expect((await as(api, 'otherBank').post(`/applications/${id}/steps/acknowledge-receipt`, {})).status).toBe(200);
    const steps = await as(api, 'official').get(`/applications/${id}/steps`);
    expect(steps.body.steps.map((s: { step: string }) => s.step)).toEqual(['submit', 'categorize', 'acknowledgeReceipt', 'reassign', 'acknowledgeReceipt']);
    expect(steps.body.steps[3]).toMatchObject({ comment: 'branch closed', data: { fromBankId: 'org-bank-melli', toBankId: 'org-bank-sepah', reason: 'other', note: 'branch closed' } });
  });

  test('refusals: not a bank, the same bank, other without a note, a stale fromBankId, a case not yet referred', async () => {
    const id = await referredToBank(api.harness.workflows);
    const post = (body: object) => as(api, 'official').post(`/applications/${id}/reassignments`, body);
    expect(fieldsOf((await post({ toBankId: 'org-welfare', reason: 'no_response' })).body)).toEqual(['toBankId']);
    expect(fieldsOf((await post({ toBankId: 'org-bank-melli', reason: 'no_response' })).body)).toEqual(['toBankId']);
    expect(fieldsOf((await post({ toBankId: 'org-bank-sepah', reason: 'other' })).body)).toEqual(['note']);
    expect(fieldsOf((await post({ toBankId: 'org-bank-sepah', reason: 'because' })).body)).toEqual(['reason']);
    const stale = await post({ toBankId: 'org-bank-sepah', reason: 'no_response', fromBankId: 'org-bank-sepah' });
    expect(stale.status).toBe(409);
    const unreferred = await submitted(api.harness.workflows);
    expect((await as(api, 'official').post(`/applications/${unreferred}/reassignments`, { toBankId: 'org-bank-sepah', reason: 'no_response' })).status).toBe(409);
    expect(await api.harness.prisma.applicationStep.count({ where: { applicationId: id, step: 'reassign' } })).toBe(0);
  });
});

describe('the figures after a reassignment', () => {
  test('the case is referred to both banks, an obstacle of the old one; the old bank’s finished step stays its own', async () => {
    const before = await as(api, 'official').get('/figures/banks?from=2025-01-01&to=2030-01-01');
    const id = await referredToBank(api.harness.workflows);
    await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {});
    expect((await as(api, 'official').post(`/applications/${id}/reassignments`, { toBankId: 'org-bank-sepah', reason: 'lacks_capacity' })).status).toBe(201);
    const after = await as(api, 'official').get('/figures/banks?from=2025-01-01&to=2030-01-01');
    const bankOf = (res: typeof after, org: string) => res.body.organizations.find((o: { organizationId: string }) => o.organizationId === org);
    const delta = (org: string, pick: (row: { referred: number; reassignedAway: number; acknowledged: number }) => number) => pick(bankOf(after, org)) - pick(bankOf(before, org));
    expect(delta('org-bank-melli', (r) => r.referred)).toBe(1);
    expect(delta('org-bank-sepah', (r) => r.referred)).toBe(1);
    expect(delta('org-bank-melli', (r) => r.reassignedAway)).toBe(1);
    expect(delta('org-bank-sepah', (r) => r.reassignedAway)).toBe(0);
    expect(delta('org-bank-melli', (r) => r.acknowledged)).toBe(1);
    expect(delta('org-bank-sepah', (r) => r.acknowledged)).toBe(0);
  });
});
