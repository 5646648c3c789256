import { randomUUID } from 'node:crypto';
import { type ApiHarness, startApiHarness, TEST_PASSWORD } from '../support/api-harness';
import { type Agent, consoleAgent, csrfOf, formIdOf } from './console-agent';

/**
 * Every step of the lifecycle, taken from the console's forms by the person whose step it is,
 * on every path a case can take: documents returned and resubmitted, a question answered,
 * approval, contract, tranches and the jobs confirmed; ineligible, rejected, withdrawn. At every
 * step the other party and the other organization are refused without effect, and the database
 * agrees with the workflow.
 */

type Person = 'agency' | 'otherAgency' | 'bank' | 'otherBank';
const languages = ['fa', 'en'] as const;
let api: ApiHarness;
/** The people of the language being tested: each signed in with the console in that language. */
let people = {} as Record<Person, Agent>;
const peopleIn = {} as Record<(typeof languages)[number], Record<Person, Agent>>;
beforeAll(async () => {
  // The follow-up opens at once after the last tranche, so the jobs can be confirmed in the test.
  api = await startApiHarness({ followUpAfterMs: 0 });
  for (const lang of languages) {
    peopleIn[lang] = {} as Record<Person, Agent>;
    for (const person of ['agency', 'otherAgency', 'bank', 'otherBank'] as const) {
      peopleIn[lang][person] = (await consoleAgent(api.app, api.people[person].username, TEST_PASSWORD, lang)).agent;
    }
  }
}, 180_000);
afterAll(() => api.stop());

const stageOf = async (id: string): Promise<string> => (await api.harness.prisma.application.findUniqueOrThrow({ where: { id } })).stage;

/**
 * The stage the database and the workflow agree on. A transition of the workflow's own (the
 * follow-up opening on its timer) may fall between the two reads, so they are read again until
 * they agree; a real disagreement never settles, and fails.
 */
async function agreedStage(id: string): Promise<string> {
  let seen = '';
  for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 100))) {
    const row = await stageOf(id);
    const state = await api.harness.workflows.state(id);
    if (row === state?.stage) return row;
    seen = `database ${row}, workflow ${state?.stage}`;
  }
  throw new Error(`the database and the workflow disagree: ${seen}`);
}

async function submit(): Promise<string> {
  const page = await people.agency.get('/console/applications/new').expect(200);
  const answer = await people.agency.post('/console/applications/new').type('form').send({
    _csrf: csrfOf(page.text),
    agencyReference: `STEP-${randomUUID().slice(0, 8)}`,
    'applicant.fullName': 'Zahra Mousavi',
    'applicant.nationalId': '0013542419',
    'applicant.phone': '09111234567',
    'applicant.address': 'Kashef Street, Lahijan',
    'applicant.district': 'lahijan_city',
    requestedAmount: '2000',
    purpose: 'Tea-processing micro-workshop',
    jobsCommitted: '3',
    district: 'lahijan_city',
  });
  expect(answer.status).toBe(303);
  return /^\/console\/cases\/([^/?]+)$/.exec(String(answer.headers.location))![1]!;
}

const performerOf = (segment: string): 'agency' | 'bank' =>
  ['categorize', 'return-for-documents', 'resubmit-documents', 'declare-ineligible', 'answer-information-request', 'confirm-jobs', 'withdraw'].includes(segment) ? 'agency' : 'bank';

/**
 * Takes a step from the form on the case page. First the others try the same form: the other
 * party of the case (403: not its step) and the same kind of organization that does not hold
 * the case (404) — and the case's stage stays where it was.
 */
async function step(id: string, segment: string, fields: Record<string, string> = {}): Promise<string> {
  const performer = performerOf(segment);
  const before = await stageOf(id);
  const page = await people[performer].get(`/console/cases/${id}`).expect(200);
  const form = { _csrf: csrfOf(page.text), formId: formIdOf(page.text, segment), ...fields };
  const stranger = performer === 'agency' ? people.otherAgency : people.otherBank;
  const party = performer === 'agency' ? people.bank : people.agency;
  const tryAs = async (agent: Agent) => {
    const own = await agent.get('/console/password');
    return agent.post(`/console/cases/${id}/steps/${segment}`).type('form').send({ ...form, _csrf: csrfOf(own.text) });
  };
  expect((await tryAs(stranger)).status).toBe(404);
  // The other party sees no form for it; posting it anyway is refused (before the case is
  // referred, a bank is no party to it at all: for it the case does not exist).
  const referred = (await api.harness.prisma.application.findUniqueOrThrow({ where: { id } })).bankId !== null;
  expect((await tryAs(party)).status).toBe(performer === 'bank' || referred ? 403 : 404);
  expect(await stageOf(id)).toBe(before);

  const answer = await people[performer].post(`/console/cases/${id}/steps/${segment}`).type('form').send(form);
  expect({ segment, status: answer.status }).toEqual({ segment, status: 303 });
  return agreedStage(id);
}

describe.each(languages)('in %s', (lang) => {
  beforeAll(() => {
    people = peopleIn[lang];
  });

  test('the page is in the language the person chose', async () => {
    const page = await people.agency.get('/console/applications/new').expect(200);
    expect(page.text).toContain(`<html lang="${lang}" dir="${lang === 'fa' ? 'rtl' : 'ltr'}">`);
  });

  test('documents returned and resubmitted, a question answered, approved, contracted, paid in two tranches, jobs confirmed', async () => {
    const id = await submit();
    expect(await step(id, 'return-for-documents', { missingDocuments: 'Business licence\nLease' })).toBe('returned_for_documents');
    expect(await step(id, 'resubmit-documents')).toBe('categorization');
    expect(await step(id, 'categorize', { category: 'micro_workshop', priority: 'normal', bankId: 'org-bank-melli' })).toBe('bank_review');
    expect(await step(id, 'acknowledge-receipt')).toBe('bank_review');
    expect(await step(id, 'request-information', { questions: 'Who owns the workshop?' })).toBe('information_requested');
    expect(await step(id, 'answer-information-request', { answer: 'The applicant, by a lease.' })).toBe('bank_review');
    expect(await step(id, 'check-documents', { guaranteesAccepted: 'true' })).toBe('bank_review');
    expect(await step(id, 'assess-credit', { creditScore: '720' })).toBe('bank_review');
    expect(await step(id, 'approve', { amount: '2000', terms: '4% over 5 years' })).toBe('disbursement');
    expect(await step(id, 'sign-contract', { contractNumber: 'C-1405-1' })).toBe('disbursement');
    expect(await step(id, 'disburse-tranche', { amount: '1200', paymentReference: 'PAY-1' })).toBe('disbursement');
    const paid = await step(id, 'disburse-tranche', { amount: '800', paymentReference: 'PAY-2' });
    expect(['awaiting_follow_up', 'employment_follow_up']).toContain(paid);
    // The follow-up opens on the workflow's own timer.
    await until(async () => (await agreedStage(id)) === 'employment_follow_up');
    expect(await step(id, 'confirm-jobs', { jobsConfirmed: '3' })).toBe('closed');
    const steps = await api.harness.prisma.applicationStep.findMany({ where: { applicationId: id }, orderBy: { sequence: 'asc' } });
    expect(steps.filter((s) => s.actorUserId !== null).map((s) => s.step)).toEqual([
      'submit', 'returnForDocuments', 'resubmitDocuments', 'categorize', 'acknowledgeReceipt', 'requestInformation', 'answerInformationRequest',
      'checkDocuments', 'assessCredit', 'approve', 'signContract', 'disburseTranche', 'disburseTranche', 'confirmJobs',
    ]);
  }, 180_000);

  test('declared ineligible by the agency', async () => {
    const id = await submit();
    expect(await step(id, 'declare-ineligible', { reason: 'outside_program_scope' })).toBe('ineligible');
  }, 60_000);

  test('rejected by the bank', async () => {
    const id = await submit();
    await step(id, 'categorize', { category: 'home_business', priority: 'high', bankId: 'org-bank-melli' });
    await step(id, 'acknowledge-receipt');
    expect(await step(id, 'reject', { reason: 'poor_credit_history' })).toBe('rejected');
  }, 60_000);

  test('withdrawn by the agency while the bank reviews it', async () => {
    const id = await submit();
    await step(id, 'categorize', { category: 'services', priority: 'urgent', bankId: 'org-bank-melli' });
    expect(await step(id, 'withdraw', { reason: 'The applicant found work.' })).toBe('withdrawn');
  }, 60_000);

});

async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
