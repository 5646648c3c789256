import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import request from 'supertest';
import { EncryptionCodec } from '../../security/encryption-codec';
import { newPayloadKey, parsePayloadKeys } from '../../security/payload-keys';
import { signIn } from './console/console-agent';
import { type ApiHarness, bearer, startApiHarness, testConfig } from './support/api-harness';

/**
 * The Temporal Web UI's codec protocol (proto3 JSON: every bytes field base64) against the API's
 * /codec/decode: what the UI shows an admin, and what it shows anyone else (the ciphertext it has).
 */
const applicant = { nationalId: '0012345679', fullName: 'Zahra Karimi' };
const uiOrigin = new URL(testConfig.TEMPORAL_UI_URL).origin;
const asJson = (p: Payload) => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
  data: Buffer.from(p.data ?? []).toString('base64'),
});
const fromJson = (p: { metadata: Record<string, string>; data: string }): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data, 'base64'),
});

let api: ApiHarness;
let app: ReturnType<ApiHarness['appWith']>;
let sealed: ReturnType<typeof asJson>;
const plainPayload = asJson(defaultPayloadConverter.toPayload('written before the codec'));

beforeAll(async () => {
  api = await startApiHarness();
  const codec = new EncryptionCodec(parsePayloadKeys(newPayloadKey()));
  app = api.appWith({ payloadCodec: codec });
  sealed = asJson((await codec.encode([defaultPayloadConverter.toPayload(applicant)]))[0]!);
});
afterAll(() => api.stop());

const decode = (headers: Record<string, string>, body: object = { payloads: [sealed, plainPayload] }) =>
  request(app).post('/codec/decode').set({ 'Content-Type': 'application/json', 'X-Namespace': 'default', ...headers }).send(body);

describe('the codec endpoint of the Temporal Web UI', () => {
  test("an admin's API key gets the payloads decoded, in order, an old plain one as it was", async () => {
    const answer = await decode(bearer(api.keys.admin));
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const [first, second] = answer.body.payloads as Array<{ metadata: Record<string, string>; data: string }>;
    expect(defaultPayloadConverter.fromPayload(fromJson(first!))).toEqual(applicant);
    expect(second).toEqual(plainPayload);
  });

  test("an admin signed in to the console, from the UI's origin with credentials, gets them decoded", async () => {
    const { agent } = await signIn(app, api.people.admin.username, api.people.admin.password);
    const preflight = await request(app).options('/codec/decode').set({ Origin: uiOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-namespace' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(uiOrigin);
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    const answer = await agent.post('/codec/decode').set({ Origin: uiOrigin, 'Content-Type': 'application/json' }).send({ payloads: [sealed] });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(uiOrigin);
    expect(defaultPayloadConverter.fromPayload(fromJson(answer.body.payloads[0]))).toEqual(applicant);
  });

  test('any other origin gets no CORS permission, so its page cannot read an answer', async () => {
    const preflight = await request(app).options('/codec/decode').set({ Origin: 'http://elsewhere.test', 'Access-Control-Request-Method': 'POST' });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const answer = await decode({ ...bearer(api.keys.admin), Origin: 'http://elsewhere.test' });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  test.each(['agency', 'bank', 'official'] as const)('a %s key is refused (403) and learns nothing', async (caller) => {
    const answer = await decode(bearer(api.keys[caller]));
    expect(answer.status).toBe(403);
    expect(JSON.stringify(answer.body)).not.toContain(applicant.nationalId);
  });

  test('a person signed in who is not an admin, and a caller with nothing, are refused', async () => {
    const { agent } = await signIn(app, api.people.official.username, api.people.official.password);
    expect((await agent.post('/codec/decode').set({ Origin: uiOrigin, 'Content-Type': 'application/json' }).send({ payloads: [sealed] })).status).toBe(403);
    expect((await decode({})).status).toBe(401);
    expect((await decode(bearer(api.revokedKey))).status).toBe(401);
  });

  test.each([
    ['no payloads', {}, 'payloads'],
    ['data that is not base64', { payloads: [{ metadata: {}, data: 'not base64!' }] }, 'payloads.0.data'],
    ['a metadata value that is not base64', { payloads: [{ metadata: { encoding: 'json plain!' }, data: '' }] }, 'payloads.0.metadata.encoding'],
  ])('%s is a 400 naming the field', async (_label, body, field) => {
    const answer = await decode(bearer(api.keys.admin), body);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(JSON.stringify(answer.body.errors)).toContain(field);
  });

  test('a payload sealed with a key no longer held comes back as it was, the others decoded', async () => {
    const foreign = asJson((await new EncryptionCodec(parsePayloadKeys(newPayloadKey())).encode([defaultPayloadConverter.toPayload(applicant)]))[0]!);
    const answer = await decode(bearer(api.keys.admin), { payloads: [foreign, sealed] });
    expect(answer.status).toBe(200);
    expect(answer.body.payloads[0]).toEqual(foreign);
    expect(defaultPayloadConverter.fromPayload(fromJson(answer.body.payloads[1]))).toEqual(applicant);
  });
});
