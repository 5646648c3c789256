import request from 'supertest';
import { approved, referredToBank } from '../support/walk';
import { type ApiHarness, as, bearer, fieldsOf, startApiHarness } from './support/api-harness';
import { submissionRequest } from './support/bodies';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

const submit = (body: object) => as(api, 'agency').post('/applications', body);

describe('validation errors are problem+json naming each field', () => {
  test('an unknown field is refused and named', async () => {
    const res = await submit({ ...submissionRequest(), stage: 'closed', applicant: { ...submissionRequest().applicant, bankId: 'x' } });
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: '/problems/validation', status: 422, instance: '/applications' });
    expect(fieldsOf(res.body)).toEqual(['applicant.bankId', 'stage']);
  });

  test('several faults are named together: national id check digit, phone, amount, missing purpose', async () => {
    const { purpose: _omitted, ...body } = submissionRequest({ requestedAmount: '12.5', applicant: { ...submissionRequest().applicant, nationalId: '0013542418', phone: '12345' } });
    const res = await submit(body);
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual(['applicant.nationalId', 'applicant.phone', 'purpose', 'requestedAmount']);
    expect(res.body.errors.find((e: { field: string }) => e.field === 'applicant.nationalId').message).toContain('check digit');
  });

  test.each([
    ['a JSON number', 150000000000],
    ['a negative amount', '-5'],
    ['zero', '0'],
    ['a float string', '1e9'],
  ])('an amount given as %s is refused', async (_what, requestedAmount) => {
    const res = await submit(submissionRequest({ requestedAmount }));
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual(['requestedAmount']);
  });

  test('Persian digits are accepted in amounts, ids, phone and counts; amounts beyond 2^53 stay exact', async () => {
    const body = submissionRequest({
      requestedAmount: '۹۰۰۷۱۹۹۲۵۴۷۴۰۹۹۳۱۲۳۴',
      jobsCommitted: '۴',
      applicant: { ...submissionRequest().applicant, nationalId: '۰۰۱۳۵۴۲۴۱۹', phone: '۰۹۱۱۱۲۳۴۵۶۷' },
    });
    const res = await submit(body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      requestedAmount: '90071992547409931234',
      jobsCommitted: 4,
      applicant: { nationalId: '0013542419', phone: '+989111234567' },
    });
  });

  test('a step body is validated per step, naming each field', async () => {
    const id = await referredToBank(api.harness.workflows);
    const res = await as(api, 'bank').post(`/applications/${id}/steps/approve`, { amount: '-1', extra: true });
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual(['amount', 'extra', 'terms']);
  });

  test('a body over 100 kB → 413, malformed JSON → 400, another media type → 415', async () => {
    const big = await submit(submissionRequest({ purpose: 'x'.repeat(150_000) }));
    expect(big.status).toBe(413);
    expect(big.type).toBe('application/problem+json');

    const auth = bearer(api.keys.agency);
    const malformed = await request(api.app).post('/applications').set(auth).set('Content-Type', 'application/json').send('{"agencyReference":');
    expect(malformed.status).toBe(400);
    expect(malformed.type).toBe('application/problem+json');

    const text = await request(api.app).post('/applications').set(auth).set('Content-Type', 'text/plain').send('hello');
    expect(text.status).toBe(415);
    expect(text.type).toBe('application/problem+json');
  });

  test('an unknown step name → 422 on the path, an unknown route → 404', async () => {
    const res = await as(api, 'agency').post('/applications/some-id/steps/teleport', {});
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body)).toEqual(['params.step']);
    const missing = await as(api, 'agency').get('/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.type).toBe('application/problem+json');
  });
});

describe('the workflow answers', () => {
  test('a refused step → 409 with the validator’s reason, and nothing changes', async () => {
    const id = await referredToBank(api.harness.workflows);
    const before = await api.harness.prisma.application.findUniqueOrThrow({ where: { id } });
    const res = await as(api, 'bank').post(`/applications/${id}/steps/approve`, { amount: '1000', terms: 'now' });
    expect(res.status).toBe(409);
    expect(res.type).toBe('application/problem+json');
    expect(res.body).toMatchObject({ type: '/problems/step-out-of-order', detail: 'approve is not possible while the bank review is at step acknowledge' });
    expect(await api.harness.prisma.application.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });

  test('invalid step data caught by the workflow → 422 naming the field', async () => {
    const id = await approved(api.harness.workflows, '5000');
    const res = await as(api, 'bank').post(`/applications/${id}/steps/disburse-tranche`, { amount: '5001', paymentReference: 'P-1' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: '/problems/invalid-step-data', errors: [{ field: 'amount' }] });
  });

  test('a categorization to an organization that is not a bank → 422 on bankId', async () => {
    const res = await submit(submissionRequest());
    const step = await as(api, 'agency').post(`/applications/${res.body.id}/steps/categorize`, { category: 'tourism', priority: 'high', bankId: 'org-welfare' });
    expect(step.status).toBe(422);
    expect(fieldsOf(step.body)).toEqual(['bankId']);
  });

  test('an unknown application → 404 for reads and steps', async () => {
    for (const res of [
      await as(api, 'admin').get('/applications/no-such-id'),
      await as(api, 'admin').get('/applications/no-such-id/steps'),
      await as(api, 'bank').post('/applications/no-such-id/steps/acknowledge-receipt', {}),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ type: '/problems/not-found', detail: 'application no-such-id was not found' });
    }
  });

  test('the same agencyReference again → 200 with the first application, never a second', async () => {
    const body = submissionRequest();
    const first = await submit(body);
    expect(first.status).toBe(201);
    const again = await submit({ ...body, purpose: 'something else' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(await api.harness.prisma.application.count({ where: { agencyReference: body.agencyReference } })).toBe(1);
  });
});
