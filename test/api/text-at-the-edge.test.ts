import { randomUUID } from 'node:crypto';
import { approved, atDecision, referredToBank, submitted } from '../support/walk';
import { type ApiHarness, as, fieldsOf, startApiHarness } from './support/api-harness';
import { stepRequests, submissionRequest } from './support/bodies';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

const submit = (body: object) => as(api, 'agency').post('/applications', body);
const applicant = (overrides: Record<string, unknown>) => ({ ...submissionRequest().applicant, ...overrides });
const unstorable = [
  ['NUL', 'x\u0000y'],
  ['a lone surrogate', 'x\ud800y'],
] as const;

describe('text the database cannot store is refused in every field, naming it', () => {
  const submissionFields: Array<[string, (bad: string) => object]> = [
    ['agencyReference', (bad) => submissionRequest({ agencyReference: bad })],
    ['applicant.nationalId', (bad) => submissionRequest({ applicant: applicant({ nationalId: bad }) })],
    ['applicant.fullName', (bad) => submissionRequest({ applicant: applicant({ fullName: bad }) })],
    ['applicant.phone', (bad) => submissionRequest({ applicant: applicant({ phone: bad }) })],
    ['applicant.address', (bad) => submissionRequest({ applicant: applicant({ address: bad }) })],
    ['applicant.district', (bad) => submissionRequest({ applicant: applicant({ district: bad }) })],
    ['requestedAmount', (bad) => submissionRequest({ requestedAmount: bad })],
    ['purpose', (bad) => submissionRequest({ purpose: bad })],
    ['jobsCommitted', (bad) => submissionRequest({ jobsCommitted: bad })],
    ['district', (bad) => submissionRequest({ district: bad })],
    ['comment', (bad) => submissionRequest({ comment: bad })],
  ];

  test.each(unstorable)('%s in any field of a submission → 422 on that field, and no application', async (_what, bad) => {
    for (const [field, body] of submissionFields) {
      const res = await submit(body(bad));
      expect({ field, status: res.status, fields: fieldsOf(res.body) }).toEqual({ field, status: 422, fields: [field] });
      expect(res.type).toBe('application/problem+json');
    }
    expect(await api.harness.prisma.application.count({ where: { agencyReference: { contains: 'x' } } })).toBe(0);
  });

  test.each(unstorable)('%s in any text field of any step → 422 on that field, and the step is not taken', async (_what, bad) => {
    const atAgency = await submitted(api.harness.workflows);
    const atBank = await referredToBank(api.harness.workflows);
    const stepsBefore = await api.harness.prisma.applicationStep.count();
    const textFields: Array<['agency' | 'bank', string, string, object, string]> = [
      ['agency', atAgency, 'categorize', { ...stepRequests.categorize, bankId: bad }, 'bankId'],
      ['agency', atAgency, 'return-for-documents', { missingDocuments: ['licence', bad] }, 'missingDocuments.1'],
      ['agency', atAgency, 'withdraw', { reason: bad }, 'reason'],
      ['agency', atAgency, 'resubmit-documents', { comment: bad }, 'comment'],
      ['agency', atAgency, 'answer-information-request', { answer: bad }, 'answer'],
      ['bank', atBank, 'approve', { amount: '1000', terms: bad }, 'terms'],
      ['bank', atBank, 'request-information', { questions: [bad] }, 'questions.0'],
      ['bank', atBank, 'sign-contract', { contractNumber: bad }, 'contractNumber'],
      ['bank', atBank, 'disburse-tranche', { amount: '1000', paymentReference: bad }, 'paymentReference'],
      ['bank', atBank, 'acknowledge-receipt', { comment: bad }, 'comment'],
      ['bank', atBank, 'assess-credit', { creditScore: bad }, 'creditScore'],
    ];
    for (const [caller, id, segment, body, field] of textFields) {
      const res = await as(api, caller).post(`/applications/${id}/steps/${segment}`, body);
      expect({ segment, status: res.status, fields: fieldsOf(res.body) }).toEqual({ segment, status: 422, fields: [field] });
    }
    expect(await api.harness.prisma.applicationStep.count()).toBe(stepsBefore);
  });

  test('NUL in a query parameter or in a cursor, or a date before year 1 → 422 on that parameter', async () => {
    const official = as(api, 'official');
    for (const query of ['bankId=a%00b', 'agencyId=%ED%A0%80%00']) {
      const res = await official.get(`/applications?${query}`);
      expect(res.status).toBe(422);
      expect(fieldsOf(res.body)).toEqual([`query.${query.split('=')[0]}`]);
    }
    // Year 0000 is ISO 8601's 1 BC, which PostgreSQL's timestamps do not have.
    const beforeYearOne = await official.get('/applications?submittedFrom=0000-06-01');
    expect(beforeYearOne.status).toBe(422);
    expect(fieldsOf(beforeYearOne.body)).toEqual(['query.submittedFrom']);
    const cursor = Buffer.from(JSON.stringify([new Date().toISOString(), 'a\u0000b'])).toString('base64url');
    const res = await official.get(`/applications?cursor=${cursor}`);
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual(['query.cursor']);
  });
});

describe('names and references may not hold control or bidirectional characters; free text keeps its lines', () => {
  test.each([
    ['a right-to-left override in agencyReference', 'agencyReference', { agencyReference: 'LHJ\u202e1-fdp' }],
    ['a tab in agencyReference', 'agencyReference', { agencyReference: 'LHJ\t1' }],
    ['a left-to-right isolate in the applicant’s name', 'applicant.fullName', { applicant: applicant({ fullName: 'Reza\u2066 Karimi' }) }],
    ['a line break in the applicant’s name', 'applicant.fullName', { applicant: applicant({ fullName: 'Reza\nKarimi' }) }],
    ['a bell character in the purpose', 'purpose', { purpose: 'bell \u0007' }],
    ['a C1 control in the address', 'applicant.address', { applicant: applicant({ address: 'Golestan \u009b Street' }) }],
  ])('%s → 422 naming %s', async (_what, field, overrides) => {
    const res = await submit(submissionRequest(overrides));
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual([field]);
  });

  test('a payment reference with a right-to-left mark → 422 naming it', async () => {
    const id = await approved(api.harness.workflows, '5000');
    const bank = as(api, 'bank');
    const res = await bank.post(`/applications/${id}/steps/disburse-tranche`, { amount: '1000', paymentReference: 'PAY\u200f-1' });
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual(['paymentReference']);
  });

  test('line breaks and tabs in free text are kept; a Windows line break becomes one line break', async () => {
    const res = await submit(submissionRequest({ purpose: 'Silk weaving:\r\n\t3 looms\nand a shop', applicant: applicant({ address: 'Golestan St.\nNo. 12' }) }));
    expect(res.status).toBe(201);
    expect(res.body.purpose).toBe('Silk weaving:\n\t3 looms\nand a shop');
    expect(res.body.applicant.address).toBe('Golestan St.\nNo. 12');
  });
});

describe('identifiers and searchable text are normalized once, at the edge', () => {
  test('LHJ-۱۴۰۵-… and LHJ-1405-… are one application', async () => {
    const suffix = randomUUID().slice(0, 8);
    const persian = await submit(submissionRequest({ agencyReference: ` LHJ-۱۴۰۵-${suffix}` }));
    expect(persian.status).toBe(201);
    expect(persian.body.agencyReference).toBe(`LHJ-1405-${suffix}`);
    const ascii = await submit(submissionRequest({ agencyReference: `LHJ-1405-${suffix}` }));
    expect(ascii.status).toBe(200);
    expect(ascii.body.id).toBe(persian.body.id);
    const arabicIndic = await submit(submissionRequest({ agencyReference: `LHJ-١٤٠٥-${suffix}` }));
    expect(arabicIndic.body.id).toBe(persian.body.id);
    expect(await api.harness.prisma.application.count({ where: { agencyReference: { endsWith: suffix } } })).toBe(1);
  });

  test('Arabic ي and ك in the name and the address are stored as Persian ی and ک', async () => {
    const res = await submit(submissionRequest({ applicant: applicant({ fullName: 'علي  كريمي', address: 'خيابان كاشف، لاهيجان' }) }));
    expect(res.status).toBe(201);
    expect(res.body.applicant).toMatchObject({ fullName: 'علی کریمی', address: 'خیابان کاشف، لاهیجان' });
  });

  test('a second tranche with paymentReference PAY-۱ after PAY-1 is refused as a repeat', async () => {
    const id = await approved(api.harness.workflows, '5000');
    const bank = as(api, 'bank');
    expect((await bank.post(`/applications/${id}/steps/disburse-tranche`, { amount: '1000', paymentReference: 'PAY-1' })).status).toBe(200);
    const repeat = await bank.post(`/applications/${id}/steps/disburse-tranche`, { amount: '1000', paymentReference: 'PAY-۱' });
    expect(repeat.status).toBe(422);
    expect(repeat.body).toMatchObject({ type: '/problems/invalid-step-data', errors: [{ field: 'paymentReference' }] });
    expect(await api.harness.prisma.disbursement.count({ where: { applicationId: id } })).toBe(1);
  });

  test('a contract number typed with Persian digits is kept with ASCII digits', async () => {
    const id = await atDecision(api.harness.workflows);
    const bank = as(api, 'bank');
    expect((await bank.post(`/applications/${id}/steps/approve`, { amount: '5000', terms: 'four years' })).status).toBe(200);
    expect((await bank.post(`/applications/${id}/steps/sign-contract`, { contractNumber: ' C-۷۷ ' })).status).toBe(200);
    expect((await api.harness.workflows.state(id))?.contractNumber).toBe('C-77');
  });
});

describe('check-documents', () => {
  test('guaranteesAccepted: false → 422 on that field saying to reject with insufficient_guarantee or request information, and the review stays', async () => {
    const id = await referredToBank(api.harness.workflows);
    const bank = as(api, 'bank');
    await bank.post(`/applications/${id}/steps/acknowledge-receipt`, {});
    const res = await bank.post(`/applications/${id}/steps/check-documents`, { guaranteesAccepted: false });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'guaranteesAccepted', message: expect.stringContaining('insufficient_guarantee') }]);
    expect(res.body.errors[0].message).toContain('request information');
    expect((await bank.get(`/applications/${id}`)).body).toMatchObject({ stage: 'bank_review', reviewStep: 'documents' });
  });
});
