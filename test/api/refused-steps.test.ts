import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { takeStep } from '../../api/application-commands';
import { recordRefusal } from '../../api/refused-steps';
import { agency, bank } from '../../support/fixtures';
import { approved, eventually, referredToBank } from '../support/walk';
import { type ApiHarness, as, type CallerName, startApiHarness, TEST_PASSWORD } from './support/api-harness';
import { consoleAgent } from './console/console-agent';

/** Steps the workflow refuses are recorded per case, and shown to officials and admins only. */

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const refusalRows = (applicationId: string) => api.harness.prisma.refusedStep.findMany({ where: { applicationId }, orderBy: { id: 'asc' } });

describe('recording', () => {
  test('given a referred case, when the bank approves before acknowledging it, one refusal is recorded with who, which step and which rule', async () => {
    const id = await referredToBank(api.harness.workflows);
    const res = await as(api, 'bank').post(`/applications/${id}/steps/approve`, { amount: '1000', terms: 'now' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ type: '/problems/step-out-of-order' });
    const rows = await refusalRows(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      step: 'approve',
      actorUserId: bank.userId,
      actorOrgId: bank.organizationId,
      actorRole: 'bank',
      rule: 'STEP_OUT_OF_ORDER',
      field: null,
      message: res.body.detail,
      requestId: res.headers['x-request-id'],
    });
    expect(Date.now() - rows[0]!.refusedAt.getTime()).toBeLessThan(60_000);
  });

  test('given a case in follow-up, when the agency confirms a negative number of jobs (data only the workflow sees: the edge refuses it first), the refusal names the field', async () => {
    const id = await approved(api.harness.workflows, '5000');
    await api.harness.workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '5000', paymentReference: `P-${id.slice(0, 6)}` } });
    await eventually(api.harness.workflows, id, (state) => state.stage === 'employment_follow_up');
    const parts = { prisma: api.harness.prisma, workflows: api.harness.workflows };
    const refused = takeStep(parts, id, 'confirmJobs', agency, { jobsConfirmed: -1 }, { requestId: 'req-invalid-jobs' });
    await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    expect(await refusalRows(id)).toEqual([
      expect.objectContaining({
        step: 'confirmJobs',
        actorUserId: agency.userId,
        actorOrgId: agency.organizationId,
        actorRole: 'agency',
        rule: 'INVALID_STEP_DATA',
        field: 'jobsConfirmed',
        message: 'jobsConfirmed must be a whole number, 0 or more',
        requestId: 'req-invalid-jobs',
      }),
    ]);
  });

  test('an accepted step, and a request refused before it reaches the workflow, leave no record', async () => {
    const id = await referredToBank(api.harness.workflows);
    expect((await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {})).status).toBe(200);
    expect((await as(api, 'bank').post(`/applications/${id}/steps/assess-credit`, { creditScore: 'high' })).status).toBe(422);
    expect((await as(api, 'agency').post(`/applications/${id}/steps/check-documents`, { guaranteesAccepted: true })).status).toBe(403);
    expect(await refusalRows(id)).toEqual([]);
  });

  test('a refusal that cannot be written is logged, not thrown (the caller gets its refusal all the same); what is not a refusal is not written', async () => {
    const warnings: object[] = [];
    const log = { warn: (details: object) => void warnings.push(details) };
    const refusal = new WorkflowUpdateFailedError('refused', ApplicationFailure.create({ type: 'STEP_OUT_OF_ORDER', message: 'not now', nonRetryable: true }));
    // No such application: the foreign key refuses the row.
    await expect(recordRefusal(api.harness.prisma, { applicationId: 'no-such-application', step: 'approve', actor: bank, error: refusal }, log)).resolves.toBeUndefined();
    expect(warnings).toEqual([expect.objectContaining({ applicationId: 'no-such-application', rule: 'STEP_OUT_OF_ORDER' })]);

    const id = await referredToBank(api.harness.workflows);
    await recordRefusal(api.harness.prisma, { applicationId: id, step: 'approve', actor: bank, error: new Error('connection reset') }, log);
    await recordRefusal(api.harness.prisma, { applicationId: id, step: 'approve', actor: bank, error: ApplicationFailure.create({ type: 'SOMETHING_ELSE', message: 'x' }) }, log);
    expect(await refusalRows(id)).toEqual([]);
    expect(warnings).toHaveLength(1);
  });

  test('a recorded refusal is audit: it cannot be rewritten or deleted', async () => {
    const id = await referredToBank(api.harness.workflows);
    expect((await as(api, 'bank').post(`/applications/${id}/steps/approve`, { amount: '1000', terms: 'now' })).status).toBe(409);
    const { prisma } = api.harness;
    await expect(prisma.$executeRaw`UPDATE refused_steps SET message = 'rewritten' WHERE application_id = ${id}`).rejects.toThrow('append-only');
    await expect(prisma.$executeRaw`DELETE FROM refused_steps WHERE application_id = ${id}`).rejects.toThrow('append-only');
    expect(await refusalRows(id)).toEqual([expect.objectContaining({ rule: 'STEP_OUT_OF_ORDER', message: expect.not.stringContaining('rewritten') })]);
  });
});

describe('GET /applications/:id/refusals', () => {
  let id: string;
  beforeAll(async () => {
    id = await referredToBank(api.harness.workflows);
    expect((await as(api, 'bank').post(`/applications/${id}/steps/approve`, { amount: '1000', terms: 'now' })).status).toBe(409);
    expect((await as(api, 'bank').post(`/applications/${id}/steps/reject`, { reason: 'poor_credit_history' })).status).toBe(409);
  });

  test.each(['official', 'admin'] as const)('as %s: every refused attempt, newest first', async (caller) => {
    const res = await as(api, caller).get(`/applications/${id}/refusals`);
    expect(res.status).toBe(200);
    expect(res.body.applicationId).toBe(id);
    expect(res.body.items.map((item: { step: string }) => item.step)).toEqual(['reject', 'approve']);
    expect(res.body.items[0]).toEqual({
      step: 'reject',
      actor: { userId: bank.userId, organizationId: bank.organizationId, role: 'bank' },
      rule: 'STEP_OUT_OF_ORDER',
      field: null,
      message: expect.stringContaining('reject is not possible'),
      requestId: expect.any(String),
      refusedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const one = await as(api, caller).get(`/applications/${id}/refusals?limit=1`);
    expect(one.body.items.map((item: { step: string }) => item.step)).toEqual(['reject']);
  });

  test.each(['agency', 'otherAgency', 'bank', 'otherBank'] as CallerName[])('as %s: 403, saying who may read them', async (caller) => {
    const res = await as(api, caller).get(`/applications/${id}/refusals`);
    expect(res.status).toBe(403);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.detail).toContain('official or admin');
  });

  test('an unknown application is 404; a limit out of range is 422 naming it', async () => {
    const missing = await as(api, 'official').get('/applications/no-such-case/refusals');
    expect(missing.status).toBe(404);
    const tooMany = await as(api, 'official').get(`/applications/${id}/refusals?limit=101`);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors.map((e: { field: string }) => e.field)).toEqual(['query.limit']);
  });
});

describe('the console case page', () => {
  let id: string;
  beforeAll(async () => {
    id = await referredToBank(api.harness.workflows);
    expect((await as(api, 'bank').post(`/applications/${id}/steps/approve`, { amount: '1000', terms: 'now' })).status).toBe(409);
    // A message with markup, as a future Update's refusal might quote a person's text: it must be escaped.
    await api.harness.prisma.refusedStep.create({
      data: { applicationId: id, step: 'addComment', actorUserId: agency.userId, actorOrgId: agency.organizationId, actorRole: 'agency', rule: 'INVALID_STEP_DATA', field: 'text', message: '<b>bold</b>' },
    });
  });

  const pageAs = async (username: string, lang: 'fa' | 'en') => {
    const { agent } = await consoleAgent(api.app, username, TEST_PASSWORD, lang);
    return (await agent.get(`/console/cases/${id}?lang=${lang}`).expect(200)).text;
  };

  test('an official sees the refused attempts: who, which step, which rule, the message, escaped', async () => {
    const page = await pageAs('official', 'en');
    const section = /<section aria-labelledby="refusals-title">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(section).toContain('Refused attempts');
    expect(section).toContain('Bank Melli');
    expect(section).toContain('Bank officer');
    expect(section).toContain('STEP_OUT_OF_ORDER');
    expect(section).toContain('Out of order');
    expect(section).toContain('approve is not possible while the bank review is at step acknowledge');
    expect(section).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(section).not.toContain('<b>bold</b>');
    // Newest first: the hand-written row was recorded after the refused approval.
    expect(section.indexOf('&lt;b&gt;')).toBeLessThan(section.indexOf('STEP_OUT_OF_ORDER'));
  });

  test('in Persian, the section has its Persian title and Jalali times in Persian digits', async () => {
    const page = await pageAs('official', 'fa');
    const section = /<section aria-labelledby="refusals-title">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(section).toContain('تلاش‌های ردشده');
    expect(section).toContain('خارج از ترتیب');
    expect(section).toMatch(/<time datetime="[^"]+">[۰-۹]{1,2} \S+ [۰-۹]{4} /);
  });

  test('the bank holding the case does not see the section', async () => {
    const page = await pageAs('bank', 'en');
    expect(page).not.toContain('refusals-title');
    expect(page).not.toContain('Refused attempts');
    expect(page).not.toContain('STEP_OUT_OF_ORDER');
  });
});
