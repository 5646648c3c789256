import { MockActivityEnvironment } from '@temporalio/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { persistTransition } from '../../activities/persist-transition';
import { ConfigError, loadConfig } from '../../config/config';
import { startApplication } from '../../domain/transitions';
import { agency, aSubmission, bank, otherAgency } from '../../support/fixtures';
import { consoleAgent } from './console/console-agent';
import { type ApiHarness, as, type CallerName, startApiHarness, TEST_PASSWORD } from './support/api-harness';
import { submissionRequest } from './support/bodies';
import { testFieldCipher } from '../../support/test-field-cipher';

/**
 * Duplicate applicants on the real stack: HTTP, the workflow, the persistence activity's finding
 * in PostgreSQL at submission, and what each caller is shown of it. The worker runs with the
 * default DUPLICATE_FACILITY_YEARS, 5.
 */
let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

/** A valid national id no other test uses: nine random digits and their check digit. */
function aNationalId(): string {
  const digits = Array.from({ length: 9 }, () => randomInt(10));
  const remainder = digits.reduce((sum, digit, index) => sum + digit * (10 - index), 0) % 11;
  return [...digits, remainder < 2 ? remainder : 11 - remainder].join('');
}

const applicantWith = (nationalId: string) => ({ ...submissionRequest().applicant, nationalId });

async function submit(caller: 'agency' | 'otherAgency', nationalId: string) {
  const res = await as(api, caller).post('/applications', submissionRequest({ applicant: applicantWith(nationalId) }));
  expect(res.status).toBe(201);
  return res.body as { id: string; duplicates: { open: number; paid: number; visible: string[] } };
}

const duplicatesSeenBy = async (caller: CallerName, id: string) => {
  const res = await as(api, caller).get(`/applications/${id}`);
  expect(res.status).toBe(200);
  return res.body.duplicates;
};

/** Walks a case submitted by `agency` to the bank's decision, through the workflow itself. */
async function atDecision(nationalId: string): Promise<string> {
  const { workflows } = api.harness;
  const id = randomUUID();
  await workflows.submit(id, { actor: agency, submission: aSubmission({ applicant: { ...aSubmission().applicant, nationalId } }) });
  await workflows.step(id, 'categorize', { actor: agency, data: { category: 'micro_workshop', priority: 'high', bankId: bank.organizationId } });
  await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
  await workflows.step(id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } });
  await workflows.step(id, 'assessCredit', { actor: bank, data: { creditScore: 720 } });
  return id;
}

/** A facility paid in full: the case then only awaits its follow-up. */
async function paid(nationalId: string): Promise<string> {
  const { workflows } = api.harness;
  const id = await atDecision(nationalId);
  await workflows.step(id, 'approve', { actor: bank, data: { amount: '100000000000', terms: '4% over 5 years' } });
  await workflows.step(id, 'signContract', { actor: bank, data: { contractNumber: `C-${id.slice(0, 6)}` } });
  const state = await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '100000000000', paymentReference: `PAY-${id.slice(0, 6)}` } });
  expect(['awaiting_follow_up', 'employment_follow_up']).toContain(state.stage);
  return id;
}

test('given an open application at one agency, a new one of the same national id at another agency is flagged; that agency is told how many, never which', async () => {
  const nationalId = aNationalId();
  const first = await submit('agency', nationalId);
  expect(first.duplicates).toEqual({ open: 0, paid: 0, visible: [] });

  const second = await submit('otherAgency', nationalId);
  expect(second.duplicates).toEqual({ open: 1, paid: 0, visible: [] });
  expect(await api.harness.prisma.applicantDuplicate.findMany({ where: { applicationId: second.id }, select: { earlierApplicationId: true, kind: true } })).toEqual([
    { earlierApplicationId: first.id, kind: 'open' },
  ]);
  // Neither the earlier case's id nor its agency appears anywhere in what the other agency reads.
  const asOther = await as(api, 'otherAgency').get(`/applications/${second.id}`);
  expect(asOther.body.duplicates).toEqual({ open: 1, paid: 0, visible: [] });
  for (const secret of [first.id, agency.organizationId, 'Relief Committee']) expect(asOther.text).not.toContain(secret);
  const listed = await as(api, 'otherAgency').get('/applications?limit=100');
  expect(listed.text).not.toContain(first.id);

  // Officials and admins see which; the earlier case itself was not flagged by the later one.
  expect(await duplicatesSeenBy('official', second.id)).toEqual({ open: 1, paid: 0, visible: [first.id] });
  expect(await duplicatesSeenBy('admin', second.id)).toEqual({ open: 1, paid: 0, visible: [first.id] });
  expect(await duplicatesSeenBy('official', first.id)).toEqual({ open: 0, paid: 0, visible: [] });

  // The first agency submits the person again: its own earlier case is named, the other's only counted.
  const third = await submit('agency', nationalId);
  expect(third.duplicates).toEqual({ open: 2, paid: 0, visible: [first.id] });

  // The console says the same: a notice with the counts, a link only to what the person may open.
  const other = await consoleAgent(api.app, api.people.otherAgency.username, TEST_PASSWORD, 'en');
  const page = (await other.agent.get(`/console/cases/${second.id}`).expect(200)).text;
  expect(page).toContain('This applicant has another application or facility');
  expect(page).toContain('1 other open application(s)');
  expect(page).toContain('1 case(s) are held by other organizations and are not shown to you.');
  for (const secret of [first.id, agency.organizationId, 'Relief Committee']) expect(page).not.toContain(secret);
  const mine = await consoleAgent(api.app, api.people.agency.username, TEST_PASSWORD, 'fa');
  const persian = (await mine.agent.get(`/console/cases/${third.id}`).expect(200)).text;
  expect(persian).toContain('۲ درخواست باز دیگر');
  expect(persian).toContain(`href="/console/cases/${first.id}"`);
  expect(persian).not.toContain(`href="/console/cases/${second.id}"`);
  expect(persian).toContain('۱ پرونده نزد سازمان‌های دیگر است');
}, 60_000);

test('given a facility paid to the applicant within the years, a new application is flagged as paid', async () => {
  const nationalId = aNationalId();
  const earlier = await paid(nationalId);
  const later = await submit('otherAgency', nationalId);
  expect(later.duplicates).toEqual({ open: 0, paid: 1, visible: [] });
  expect(await duplicatesSeenBy('official', later.id)).toEqual({ open: 0, paid: 1, visible: [earlier] });
}, 60_000);

test('a facility paid longer ago than the years, and an application closed without payment, flag nothing', async () => {
  const nationalId = aNationalId();
  const longAgo = await paid(nationalId);
  // The payment is moved back past DUPLICATE_FACILITY_YEARS (5) directly in the database: the
  // workflow's clock cannot be wound back six years.
  await api.harness.prisma.$executeRaw`UPDATE disbursements SET paid_at = now() - interval '6 years' WHERE application_id = ${longAgo}`;
  const withdrawn = await submit('agency', nationalId);
  expect(withdrawn.duplicates).toEqual({ open: 0, paid: 0, visible: [] });
  expect((await as(api, 'agency').post(`/applications/${withdrawn.id}/steps/withdraw`, { reason: 'applicant request' })).status).toBe(200);

  const later = await submit('otherAgency', nationalId);
  expect(later.duplicates).toEqual({ open: 0, paid: 0, visible: [] });
  expect(await api.harness.prisma.applicantDuplicate.count({ where: { applicationId: later.id } })).toBe(0);
}, 60_000);

test('with DUPLICATE_FACILITY_YEARS=0 a paid facility flags nothing, an open application still does', async () => {
  const nationalId = aNationalId();
  await paid(nationalId);
  const persistWithNoYears = async () => {
    const id = `no-years-${randomUUID()}`;
    const submitted = startApplication(id, { actor: otherAgency, submission: aSubmission({ applicant: { ...aSubmission().applicant, nationalId } }) }, new Date());
    await new MockActivityEnvironment().run(persistTransition, { prisma: api.harness.prisma, fields: testFieldCipher }, submitted, { duplicateFacilityYears: 0 });
    const found = await api.harness.prisma.applicantDuplicate.findMany({ where: { applicationId: id }, select: { earlierApplicationId: true, kind: true } });
    return { id, found };
  };
  const first = await persistWithNoYears();
  expect(first.found).toEqual([]);
  // `first` itself stays open (submitted only), so the next finds it, and nothing paid.
  const second = await persistWithNoYears();
  expect(second.found).toEqual([{ earlierApplicationId: first.id, kind: 'open' }]);
}, 60_000);

test('two agencies submitting the same national id at the same moment yield exactly one flagged application', async () => {
  for (let round = 0; round < 3; round++) {
    const nationalId = aNationalId();
    const [a, b] = await Promise.all([submit('agency', nationalId), submit('otherAgency', nationalId)]);
    expect([a.duplicates.open, b.duplicates.open].sort()).toEqual([0, 1]);
    const rows = await api.harness.prisma.applicantDuplicate.findMany({ where: { applicationId: { in: [a.id, b.id] } } });
    expect(rows).toHaveLength(1);
    expect([rows[0]!.applicationId, rows[0]!.earlierApplicationId].sort()).toEqual([a.id, b.id].sort());
  }
}, 60_000);

test('given a retried submission, the finding is written once', async () => {
  const nationalId = aNationalId();
  const earlier = await submit('agency', nationalId);
  const id = `retried-${randomUUID()}`;
  const submitted = startApplication(id, { actor: otherAgency, submission: aSubmission({ applicant: { ...aSubmission().applicant, nationalId } }) }, new Date());
  const attempt = () => new MockActivityEnvironment().run(persistTransition, { prisma: api.harness.prisma, fields: testFieldCipher }, submitted);
  await attempt();
  await Promise.all([attempt(), attempt()]);
  expect(await api.harness.prisma.applicantDuplicate.findMany({ where: { applicationId: id }, select: { earlierApplicationId: true } })).toEqual([{ earlierApplicationId: earlier.id }]);
}, 60_000);

test('the bank may reject a flagged application as a duplicate facility, and its figures count the obstacle by that reason', async () => {
  const nationalId = aNationalId();
  const earlier = await paid(nationalId);
  const flagged = await submit('otherAgency', nationalId);
  const otherAgencyPosts = (step: string, body: object) => as(api, 'otherAgency').post(`/applications/${flagged.id}/steps/${step}`, body);
  expect((await otherAgencyPosts('categorize', { category: 'home_business', priority: 'normal', bankId: bank.organizationId })).status).toBe(200);

  // The bank was referred the earlier case too: it may see which one it is.
  expect(await duplicatesSeenBy('bank', flagged.id)).toEqual({ open: 0, paid: 1, visible: [earlier] });
  const bankPosts = (step: string, body: object) => as(api, 'bank').post(`/applications/${flagged.id}/steps/${step}`, body);
  for (const [step, body] of [['acknowledge-receipt', {}], ['check-documents', { guaranteesAccepted: true }], ['assess-credit', { creditScore: 700 }]] as const) {
    expect((await bankPosts(step, body)).status).toBe(200);
  }
  const rejected = await bankPosts('reject', { reason: 'duplicate_facility', comment: 'paid a facility last year' });
  expect(rejected.status).toBe(200);
  expect(rejected.body).toMatchObject({ stage: 'rejected', rejectionReason: 'duplicate_facility', duplicates: { open: 0, paid: 1 } });

  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const figures = await as(api, 'official').get(`/figures/banks?from=${day(-2)}&to=${day(2)}`);
  expect(figures.status).toBe(200);
  const melli = figures.body.organizations.find((o: { organizationId: string }) => o.organizationId === bank.organizationId);
  expect(melli.rejectedByReason.duplicate_facility).toBe(1);
  expect(figures.body.county.rejectedByReason.duplicate_facility).toBe(1);
}, 60_000);

test('DUPLICATE_FACILITY_YEARS is a whole number of years from 0 to 50, 5 when unset', () => {
  expect(loadConfig({}).DUPLICATE_FACILITY_YEARS).toBe(5);
  expect(loadConfig({ DUPLICATE_FACILITY_YEARS: '0' }).DUPLICATE_FACILITY_YEARS).toBe(0);
  for (const wrong of ['51', '-1', '2.5', 'five']) {
    expect(() => loadConfig({ DUPLICATE_FACILITY_YEARS: wrong })).toThrow(ConfigError);
    expect(() => loadConfig({ DUPLICATE_FACILITY_YEARS: wrong })).toThrow(/DUPLICATE_FACILITY_YEARS/);
  }
});

test('the OpenAPI document describes the flag and offers duplicate_facility as a rejection reason', async () => {
  const document = (await as(api, 'official').get('/openapi.json')).body;
  const application = document.components.schemas.Application;
  expect(application.required).toContain('duplicates');
  expect(Object.keys(application.properties.duplicates.properties).sort()).toEqual(['open', 'paid', 'visible']);
  expect(document.paths['/applications/{id}/steps/reject'].post.requestBody.content['application/json'].schema.properties.reason.enum).toContain('duplicate_facility');
});
