import request from 'supertest';
import { type ApiHarness, bearer, startApiHarness, TEST_PASSWORD } from '../support/api-harness';
import { type Agent, consoleAgent, fieldErrorsOf, secretOf } from './console-agent';

/** The admins' API keys page over HTTP: a key is shown once, listed without itself, and dies at once when revoked. */

let api: ApiHarness;
let admin: { agent: Agent; csrf: string };
beforeAll(async () => {
  api = await startApiHarness();
  admin = await consoleAgent(api.app, 'admin', TEST_PASSWORD);
}, 120_000);
afterAll(() => api.stop());

const issue = (body: object) => admin.agent.post('/console/admin/keys?lang=en').type('form').send({ _csrf: admin.csrf, ...body });
const revoke = (id: string, body: object = { _csrf: admin.csrf }) => admin.agent.post(`/console/admin/keys/${id}/revoke?lang=en`).type('form').send(body);
const applicationsWith = (key: string) => request(api.app).get('/applications').set(bearer(key));

test('the keys page lists every key with its label, user, organization and state, and never a key or its hash', async () => {
  const page = await admin.agent.get('/console/admin/keys?lang=en').expect(200);
  const keys = await api.harness.prisma.apiKey.findMany();
  expect(page.text.match(/<tr><th scope="row">/g)).toHaveLength(keys.length);
  for (const key of keys) expect(page.text).not.toContain(key.keyHash);
  for (const key of Object.values(api.keys)) expect(page.text).not.toContain(key);
  expect(page.text).toMatch(/<span dir="auto">test key bank<\/span><\/th>\s*<td><span dir="auto">user-bank-melli<\/span> <span class="record-id" dir="ltr">bank<\/span><\/td>\s*<td>Bank Melli<\/td>/);
  expect(page.text).toMatch(/<span dir="auto">revoked<\/span><\/th>[\s\S]*?<td>Revoked on [^<]+<\/td>\s*<td><\/td><\/tr>/);
  const fa = await admin.agent.get('/console/admin/keys?lang=fa').expect(200);
  expect(fa.text).toContain('<td>بانک ملی</td>');
  expect(fa.text).toMatch(/<time datetime="[^"]+">[۰-۹]+ [^<]+ [۰-۹]{4}<\/time>/);
});

test('an issued key is shown once, works on the JSON API, and a revoked one answers 401 at once', async () => {
  const answer = await issue({ user: 'user-bank-sepah', label: 'Sepah <core> server' });
  expect(answer.status).toBe(201);
  expect(answer.headers.location).toBeUndefined();
  expect(answer.headers['cache-control']).toBe('no-store');
  expect(answer.text).toContain('The key “Sepah &lt;core&gt; server” for otherbank:');
  const key = secretOf(answer.text);
  expect(key).toMatch(/^lk_[\w-]{43}$/);
  expect((await applicationsWith(key)).status).toBe(200);

  const stored = await api.harness.prisma.apiKey.findFirstOrThrow({ where: { label: 'Sepah <core> server' } });
  expect(stored.userId).toBe('user-bank-sepah');
  const list = await admin.agent.get('/console/admin/keys').expect(200);
  expect(list.text).not.toContain(key);
  expect(list.text).toContain(`action="/console/admin/keys/${stored.id}/revoke"`);

  const revoked = await revoke(stored.id);
  expect(revoked.status).toBe(303);
  expect(revoked.headers.location).toBe(`/console/admin/keys?revoked=${stored.id}`);
  expect((await applicationsWith(key)).status).toBe(401);
  const after = await admin.agent.get(`${revoked.headers.location}&lang=en`).expect(200);
  expect(after.text).toContain('The key “Sepah &lt;core&gt; server” was revoked and no longer works.');
  expect(after.text).not.toContain(`action="/console/admin/keys/${stored.id}/revoke"`);

  const again = await revoke(stored.id);
  expect(again.status).toBe(409);
  expect(again.text).toContain('This key was already revoked.');
});

test('a key for nobody, or without a label, is a 422 naming each field, and nothing is issued', async () => {
  const before = await api.harness.prisma.apiKey.count();
  const answer = await issue({ user: 'no-such-user', label: '' });
  expect(answer.status).toBe(422);
  expect(fieldErrorsOf(answer.text)).toEqual({ user: 'This user is not in the system.', label: 'Fill this in.' });
  const tooLong = await issue({ user: 'user-bank-melli', label: 'x'.repeat(201) });
  expect(fieldErrorsOf(tooLong.text)).toEqual({ label: 'At most 200 characters.' });
  expect(await api.harness.prisma.apiKey.count()).toBe(before);
});

test('revoking an unknown key is the 404 page; without the CSRF token nothing is revoked', async () => {
  expect((await revoke('no-such-key')).status).toBe(404);
  const agencyKey = await api.harness.prisma.apiKey.findFirstOrThrow({ where: { label: 'test key agency' } });
  expect((await revoke(agencyKey.id, {})).status).toBe(403);
  expect((await applicationsWith(api.keys.agency)).status).toBe(200);
});

test.each(['official', 'bank', 'agency'])('%s gets the 403 page for the keys pages and cannot issue or revoke one', async (who) => {
  const { agent, csrf } = await consoleAgent(api.app, who, TEST_PASSWORD);
  for (const path of ['/console/admin/keys', '/console/admin/keys/new']) expect((await agent.get(path)).status).toBe(403);
  const before = await api.harness.prisma.apiKey.count();
  expect((await agent.post('/console/admin/keys').type('form').send({ _csrf: csrf, user: 'user-bank-melli', label: 'mine' })).status).toBe(403);
  const agencyKey = await api.harness.prisma.apiKey.findFirstOrThrow({ where: { label: 'test key agency' } });
  expect((await agent.post(`/console/admin/keys/${agencyKey.id}/revoke`).type('form').send({ _csrf: csrf })).status).toBe(403);
  expect(await api.harness.prisma.apiKey.count()).toBe(before);
  expect((await applicationsWith(api.keys.agency)).status).toBe(200);
});
