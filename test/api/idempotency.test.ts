import { referredToBank } from '../support/walk';
import { type ApiHarness, as, startApiHarness } from './support/api-harness';
import { submissionRequest } from './support/bodies';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

const key = () => `key-${Math.random().toString(36).slice(2)}`;
const stepCount = (id: string) => api.harness.prisma.applicationStep.count({ where: { applicationId: id } });

test('same key and body → the first response replayed, status, body and Location, and one application', async () => {
  const k = key();
  const body = submissionRequest();
  const first = await as(api, 'agency').post('/applications', body, { 'Idempotency-Key': k });
  expect(first.status).toBe(201);
  const again = await as(api, 'agency').post('/applications', { ...body }, { 'Idempotency-Key': k });
  expect(again.status).toBe(201); // without the key a repeat answers 200
  expect(again.body).toEqual(first.body);
  expect(again.headers.location).toBe(first.headers.location);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(await api.harness.prisma.application.count({ where: { agencyReference: body.agencyReference } })).toBe(1);
  const stored = await api.harness.prisma.idempotencyKey.findMany({ where: { key: k } });
  expect(stored).toHaveLength(1);
  expect(stored[0]!.expiresAt.getTime() - stored[0]!.lockedAt.getTime()).toBe(24 * 60 * 60 * 1000);
});

test('a retried step with the same key is done once and answered the same', async () => {
  const id = await referredToBank(api.harness.workflows);
  const k = key();
  const first = await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {}, { 'Idempotency-Key': k });
  expect(first.status).toBe(200);
  const again = await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {}, { 'Idempotency-Key': k });
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body);
  expect(await stepCount(id)).toBe(3);
  // Without the key, the same step again is refused as out of order.
  expect((await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {})).status).toBe(409);
});

test('an error answer is replayed too, and the same key with a different body → 422', async () => {
  const k = key();
  const invalid = await as(api, 'agency').post('/applications', { nonsense: true }, { 'Idempotency-Key': k });
  expect(invalid.status).toBe(422);
  const replay = await as(api, 'agency').post('/applications', { nonsense: true }, { 'Idempotency-Key': k });
  expect(replay.status).toBe(422);
  expect(replay.type).toBe('application/problem+json');
  expect(replay.body).toEqual(invalid.body);

  const other = await as(api, 'agency').post('/applications', submissionRequest(), { 'Idempotency-Key': k });
  expect(other.status).toBe(422);
  expect(other.body).toMatchObject({ type: '/problems/idempotency-key-reused' });
});

test('while the first request still runs → 409; once it ends, the retry gets its answer', async () => {
  const id = await referredToBank(api.harness.workflows);
  const k = key();
  await api.harness.worker.stop();
  const pending = as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {}, { 'Idempotency-Key': k }).then((r) => r);
  await waitFor(async () => (await api.harness.prisma.idempotencyKey.count({ where: { key: k } })) === 1);

  const meanwhile = await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {}, { 'Idempotency-Key': k });
  expect(meanwhile.status).toBe(409);
  expect(meanwhile.body).toMatchObject({ type: '/problems/idempotency-key-in-use' });
  // At the latest when the holder's lease (the request deadline, 20 s, and 10 s) ends.
  expect(Number(meanwhile.headers['retry-after'])).toBeGreaterThanOrEqual(25);
  expect(Number(meanwhile.headers['retry-after'])).toBeLessThanOrEqual(30);

  api.harness.worker = await api.harness.startWorker();
  const first = await pending;
  expect(first.status).toBe(200);
  const retry = await as(api, 'bank').post(`/applications/${id}/steps/acknowledge-receipt`, {}, { 'Idempotency-Key': k });
  expect(retry.status).toBe(200);
  expect(retry.body).toEqual(first.body);
  expect(await stepCount(id)).toBe(3);
});

test('keys are per user: another user’s same key is a new request', async () => {
  const k = key();
  const mine = await as(api, 'agency').post('/applications', submissionRequest(), { 'Idempotency-Key': k });
  const theirs = await as(api, 'otherAgency').post('/applications', submissionRequest(), { 'Idempotency-Key': k });
  expect(mine.status).toBe(201);
  expect(theirs.status).toBe(201);
  expect(theirs.body.id).not.toBe(mine.body.id);
});

test('an expired key is forgotten; a key left by a dead request is taken over after its lease', async () => {
  const k = key();
  await as(api, 'agency').post('/applications', submissionRequest(), { 'Idempotency-Key': k });
  await api.harness.prisma.idempotencyKey.updateMany({ where: { key: k }, data: { expiresAt: new Date(Date.now() - 1000) } });
  const fresh = await as(api, 'agency').post('/applications', submissionRequest(), { 'Idempotency-Key': k });
  expect(fresh.status).toBe(201);
  expect(fresh.headers['idempotent-replayed']).toBeUndefined();

  // A request that died: no response, locked long ago.
  const dead = key();
  const body = submissionRequest();
  const hashOf = await as(api, 'agency').post('/applications', body, { 'Idempotency-Key': dead });
  await api.harness.prisma.idempotencyKey.updateMany({
    where: { key: dead },
    data: { responseStatus: null, lockedAt: new Date(Date.now() - 10 * 60 * 1000) },
  });
  const takeover = await as(api, 'agency').post('/applications', body, { 'Idempotency-Key': dead });
  expect(takeover.status).toBe(200); // it runs again and finds the application
  expect(takeover.body.id).toBe(hashOf.body.id);
});

test('a malformed key → 400', async () => {
  const res = await as(api, 'agency').post('/applications', submissionRequest(), { 'Idempotency-Key': 'has spaces in it' });
  expect(res.status).toBe(400);
  expect(res.type).toBe('application/problem+json');
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
