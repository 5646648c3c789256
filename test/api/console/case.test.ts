import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { type ApiHarness, startApiHarness, TEST_PASSWORD } from '../support/api-harness';
import { csrfOf, formIdOf, signedInAgents } from './console-agent';
import { openApplicant } from '../../../security/sealed-records';
import { testFieldCipher } from '../../../support/test-field-cipher';
import { eraseExpiredParticulars } from '../../../activities/erase-expired-particulars';

/** The case page, its step forms and the new-application form, over HTTP against the real app, database and workflows. */

let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness();
}, 120_000);
afterAll(() => api.stop());

/** People signed in through the sign-in form, one agent each for the file. */
const signedIn = signedInAgents(() => api.app, TEST_PASSWORD);

const submissionForm = (overrides: Record<string, string> = {}) => ({
  agencyReference: `CASE-${randomUUID().slice(0, 8)}`,
  'applicant.fullName': 'Maryam Rahimi',
  // Persian digits, as a clerk types them: the schemas fold them.
  'applicant.nationalId': '۰۰۱۳۵۴۲۴۱۹',
  'applicant.phone': '۰۹۱۱۱۲۳۴۵۶۷',
  'applicant.address': 'Kashef Street, Lahijan',
  'applicant.district': 'lahijan_city',
  requestedAmount: '۱۵۰۰۰۰۰۰۰۰۰۰',
  purpose: 'Tea-processing micro-workshop',
  jobsCommitted: '4',
  district: 'lahijan_city',
  comment: '',
  ...overrides,
});

/** Submits through the form as the agency; answers the case's id. */
async function submitThroughTheForm(overrides: Record<string, string> = {}): Promise<string> {
  const agent = await signedIn('agency');
  const form = await agent.get('/console/applications/new').expect(200);
  const answer = await agent.post('/console/applications/new').type('form').send({ _csrf: csrfOf(form.text), ...submissionForm(overrides) });
  expect(answer.status).toBe(303);
  return /^\/console\/cases\/([^/?]+)$/.exec(String(answer.headers.location))![1]!;
}

/** Takes a step through the form shown on the case page, as the person who sees it. */
async function takeStep(username: string, id: string, segment: string, fields: Record<string, string> = {}, formId?: string) {
  const agent = await signedIn(username);
  const page = await agent.get(`/console/cases/${id}`).expect(200);
  return agent.post(`/console/cases/${id}/steps/${segment}`).type('form').send({ _csrf: csrfOf(page.text), formId: formId ?? formIdOf(page.text, segment), ...fields });
}

const categorize = { category: 'micro_workshop', priority: 'high', bankId: 'org-bank-melli', district: '', comment: 'referred by the form' };

const rowOf = (id: string) => api.harness.prisma.application.findUniqueOrThrow({ where: { id }, include: { applicant: true } });

describe('an agency clerk', () => {
  test('submits through the form with Persian digits, and lands on the new case page', async () => {
    const id = await submitThroughTheForm();
    const row = await rowOf(id);
    // Stored sealed (security/field-cipher.ts); the test's keys open it.
    expect(row.applicant.nationalId).not.toContain('0013542419');
    const applicant = openApplicant(testFieldCipher, row.applicant);
    expect({ stage: row.stage, amount: row.requestedAmount.toFixed(0), nationalId: applicant.nationalId, phone: applicant.phone }).toEqual({
      stage: 'categorization',
      amount: '150000000000',
      nationalId: '0013542419',
      phone: '+989111234567',
    });
    const page = await (await signedIn('agency')).get(`/console/cases/${id}?lang=en`).expect(200);
    expect(page.text).toContain('Maryam Rahimi');
    expect(page.text).toContain('150,000,000,000');
    expect(page.text).toContain('steps/categorize');
  });

  test('a national id with a wrong check digit is refused beside its field, and nothing is created', async () => {
    const agent = await signedIn('agency');
    const form = await agent.get('/console/applications/new?lang=en').expect(200);
    const fields = submissionForm({ 'applicant.nationalId': '0013542418', jobsCommitted: '' });
    const answer = await agent.post('/console/applications/new').type('form').send({ _csrf: csrfOf(form.text), ...fields });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('href="#field-applicant.nationalId"');
    expect(answer.text).toContain('is not a valid Iranian national id');
    expect(answer.text).toContain('id="field-jobsCommitted-error"');
    expect(answer.text).toContain(`value="${fields.agencyReference}"`);
    expect(await api.harness.prisma.application.count({ where: { agencyReference: fields.agencyReference } })).toBe(0);
  });

  test('the same form sent twice makes one application: the second lands on it, saying it was there', async () => {
    const agent = await signedIn('agency');
    const form = await agent.get('/console/applications/new').expect(200);
    const fields = { _csrf: csrfOf(form.text), ...submissionForm() };
    const first = await agent.post('/console/applications/new').type('form').send(fields);
    const second = await agent.post('/console/applications/new').type('form').send(fields);
    expect(first.status).toBe(303);
    expect(second.headers.location).toBe(`${first.headers.location}?existing=1`);
    expect(await api.harness.prisma.application.count({ where: { agencyReference: fields.agencyReference } })).toBe(1);
    expect((await agent.get(String(second.headers.location)).expect(200)).text).toContain('was submitted before');
  });

  test('refers the case to the bank through the categorize form', async () => {
    const id = await submitThroughTheForm();
    const answer = await takeStep('agency', id, 'categorize', categorize);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe(`/console/cases/${id}?done=categorize`);
    const row = await rowOf(id);
    expect({ stage: row.stage, reviewStep: row.reviewStep, bankId: row.bankId, priority: row.priority }).toEqual({
      stage: 'bank_review',
      reviewStep: 'acknowledge',
      bankId: 'org-bank-melli',
      priority: 'high',
    });
    const page = await (await signedIn('agency')).get(`/console/cases/${id}?lang=en`).expect(200);
    expect(page.text).toContain('referred by the form');
    expect(page.text).toContain('Categorize and refer to a bank');
  });

  test('a bank that is not a bank is refused on the bankId field', async () => {
    const id = await submitThroughTheForm();
    const answer = await takeStep('agency', id, 'categorize', { ...categorize, bankId: 'org-welfare' });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('href="#field-categorize-bankId"');
    expect((await rowOf(id)).stage).toBe('categorization');
  });
});

describe('who sees what', () => {
  let id: string;
  beforeAll(async () => {
    id = await submitThroughTheForm();
    expect((await takeStep('agency', id, 'categorize', categorize)).status).toBe(303);
  }, 60_000);

  test('the bank sees the forms of its own steps only, the agency no bank step', async () => {
    const bankPage = (await (await signedIn('bank')).get(`/console/cases/${id}`).expect(200)).text;
    expect(bankPage).toContain(`/steps/acknowledge-receipt"`);
    expect(bankPage).not.toMatch(/steps\/(categorize|withdraw|check-documents|approve)"/);
    const agencyPage = (await (await signedIn('agency')).get(`/console/cases/${id}`).expect(200)).text;
    expect(agencyPage).not.toContain('steps/acknowledge-receipt');
    expect(agencyPage).toContain('steps/withdraw"');
    for (const page of [bankPage, agencyPage]) expect(page).not.toContain('/history"');
  });

  test('the other agency and the other bank get the 404 page, as for a case that does not exist', async () => {
    for (const username of ['otheragency', 'otherbank']) {
      const answer = await (await signedIn(username)).get(`/console/cases/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.text).not.toContain('Maryam');
    }
    expect((await (await signedIn('agency')).get('/console/cases/%3Cnot-an-id%3E')).status).toBe(404);
    expect((await (await signedIn('agency')).get(`/console/cases/${randomUUID()}`)).status).toBe(404);
  });

  test('a step posted by the other bank is the 404 page and changes nothing', async () => {
    const agent = await signedIn('otherbank');
    const page = await agent.get('/console/inbox');
    const answer = await agent.post(`/console/cases/${id}/steps/acknowledge-receipt`).type('form').send({ _csrf: csrfOf(page.text) });
    expect(answer.status).toBe(404);
    expect((await rowOf(id)).reviewStep).toBe('acknowledge');
  });

  test('the official sees the case and its timeline with the reminders sent, without forms', async () => {
    const deadline = new Date('2026-11-20T06:30:00Z');
    await api.harness.prisma.escalation.create({
      data: { applicationId: id, escalationKey: `${id}/test/reminder/0`, step: 'bank_review.acknowledge', level: 'reminder', holderOrgId: 'org-bank-melli', waitingSince: new Date('2026-11-10T06:30:00Z'), deadline },
    });
    const page = (await (await signedIn('official')).get(`/console/cases/${id}?lang=en`).expect(200)).text;
    expect(page).toContain('Bank Melli');
    expect(page).toContain('Email: Reminder');
    expect(page).toContain('the bank&#39;s acknowledgement of receipt');
    expect(page).toContain(`datetime="${deadline.toISOString()}"`);
    expect(page).not.toContain('/steps/');
    expect(page).toContain(`href="/console/admin/cases/${id}/history"`);
    const fa = (await (await signedIn('official')).get(`/console/cases/${id}?lang=fa`).expect(200)).text;
    expect(fa).toContain('یادآوری');
    expect(fa).toContain('۲۹ آبان ۱۴۰۵');
  });

  test('a bank posting the agency’s step is refused, 403, and gets no form of the agency’s', async () => {
    const agent = await signedIn('bank');
    const page = await agent.get(`/console/cases/${id}`);
    const answer = await agent.post(`/console/cases/${id}/steps/categorize`).type('form').send({ _csrf: csrfOf(page.text), ...categorize });
    expect(answer.status).toBe(403);
    expect(answer.text).not.toContain('steps/categorize"');
    expect((await rowOf(id)).reviewStep).toBe('acknowledge');
  });
});

describe('the bank’s review through the forms', () => {
  test('a refused step answers 4xx with its reason and changes nothing; a form sent twice takes its step once', async () => {
    const id = await submitThroughTheForm();
    expect((await takeStep('agency', id, 'categorize', categorize)).status).toBe(303);
    expect((await takeStep('bank', id, 'acknowledge-receipt')).status).toBe(303);

    const unchecked = await takeStep('bank', id, 'check-documents', { comment: 'box left unticked' });
    expect(unchecked.status).toBe(422);
    expect(unchecked.text).toContain('id="field-check-documents-guaranteesAccepted-error"');
    expect((await rowOf(id)).reviewStep).toBe('documents');

    expect((await takeStep('bank', id, 'check-documents', { guaranteesAccepted: 'true' })).status).toBe(303);
    expect((await takeStep('bank', id, 'assess-credit', { creditScore: '۷۲۰' })).status).toBe(303);
    const before = await rowOf(id);

    const zero = await takeStep('bank', id, 'approve', { amount: '0', terms: '36 months' });
    expect(zero.status).toBe(422);
    expect(zero.text).toContain('href="#field-approve-amount"');
    expect(zero.text).toContain('value="0"');

    // Out of order: the form of a step this stage does not allow, posted anyway.
    const agent = await signedIn('bank');
    const page = await agent.get(`/console/cases/${id}?lang=en`);
    const early = await agent.post(`/console/cases/${id}/steps/sign-contract`).type('form').send({ _csrf: csrfOf(page.text), contractNumber: 'C-1' });
    expect(early.status).toBe(409);
    expect(early.text).toContain('not possible');
    // The refused page's language link is a GET of the step's URL: it leads back to the case.
    const back = await agent.get(`/console/cases/${id}/steps/sign-contract?lang=fa`);
    expect([back.status, back.headers.location]).toEqual([303, `/console/cases/${id}`]);
    expect(await rowOf(id)).toEqual(before);

    const formId = formIdOf(page.text, 'approve');
    const approve = { amount: '100000000000', terms: '36 months' };
    expect((await takeStep('bank', id, 'approve', approve, formId)).status).toBe(303);
    expect((await takeStep('bank', id, 'approve', approve, formId)).status).toBe(303);
    expect(await api.harness.prisma.applicationStep.count({ where: { applicationId: id, step: 'approve' } })).toBe(1);
    expect((await rowOf(id)).stage).toBe('disbursement');
  }, 60_000);

  test('a form posted without the CSRF token is refused and changes nothing', async () => {
    const id = await submitThroughTheForm();
    const answer = await (await signedIn('agency')).post(`/console/cases/${id}/steps/categorize`).type('form').send(categorize);
    expect(answer.status).toBe(403);
    expect((await rowOf(id)).stage).toBe('categorization');
  });
});

test('script in an applicant’s name renders as text', async () => {
  const name = '<script>alert("x")</script> Rahimi';
  const id = await submitThroughTheForm({ 'applicant.fullName': name });
  const page = (await (await signedIn('agency')).get(`/console/cases/${id}`).expect(200)).text;
  expect(page).not.toContain('<script>');
  expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Rahimi');
});

test('a case whose particulars were erased after the retention says so, in both languages, and shows no name or id', async () => {
  const id = await submitThroughTheForm({ 'applicant.fullName': 'Erased Person' });
  expect((await takeStep('agency', id, 'withdraw', { reason: 'applicant moved' })).status).toBe(303);
  // The nightly erasure, run as if the retention had passed (activities/erase-expired-particulars.ts).
  const twoDaysOn = new Date(Date.now() + 2 * 86_400_000);
  expect(await eraseExpiredParticulars(api.harness.prisma, { retentionDays: 1, now: twoDaysOn })).toBeGreaterThanOrEqual(1);

  const english = (await (await signedIn('agency')).get(`/console/cases/${id}?lang=en`).expect(200)).text;
  expect(english).toContain('were erased on');
  expect(english).not.toContain('Erased Person');
  expect(english).not.toContain('0013542419');
  const persian = (await (await signedIn('agency')).get(`/console/cases/${id}?lang=fa`).expect(200)).text;
  expect(persian).toContain('پاک شد');
  // The API says when, with the particulars empty.
  const { body } = await request(api.app).get(`/applications/${id}`).set('Authorization', `Bearer ${api.keys.agency}`).expect(200);
  expect(body.applicant).toMatchObject({ nationalId: '', fullName: '', phone: '', address: '', erasedAt: expect.stringMatching(/^\d{4}-/) });
});
