import request from 'supertest';
import { issueOneTimePassword } from '../../../api/console/people';
import { FREE_FAILURES } from '../../../api/console/sign-in-check';
import { agency } from '../../../support/fixtures';
import { type ApiHarness, startApiHarness, TEST_PASSWORD } from '../support/api-harness';
import { csrfOf, signIn as signInThroughTheForm } from './console-agent';

/** The console's sign-in, sessions and CSRF over HTTP, against the real app and database. */

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
}, 120_000);
afterAll(() => api.stop());

const signIn = (username: string, password: string) => signInThroughTheForm(api.app, username, password);

describe('signing in to the console', () => {
  test('given the right password, the person gets a session cookie and lands on their inbox', async () => {
    const { answer } = await signIn('bank', TEST_PASSWORD);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/console/inbox');
    const cookie = answer.headers['set-cookie'] as unknown as string[];
    const session = cookie.find((c) => c.startsWith('console_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
  });

  test('a wrong password answers the form again with one message, and no session', async () => {
    const { answer } = await signIn('bank', 'not the password');
    expect(answer.status).toBe(401);
    expect(answer.text).toContain('name="username"');
    expect(String(answer.headers['set-cookie'] ?? '')).not.toContain('console_session=');
  });

  // (A lone surrogate cannot travel in a form: UTF-8 has no bytes for it, and it arrives as U+FFFD.)
  test('a username or password no text can hold (NUL) is refused naming the field, not a failure, and opens nothing', async () => {
    for (const [username, password, field] of [['bank\u0000', TEST_PASSWORD, 'username'], ['bank', `${TEST_PASSWORD}\u0000`, 'password']]) {
      const { answer } = await signIn(username!, password!);
      expect(answer.status).toBe(422);
      expect(answer.text).toContain(`“${field}” holds a character no text can hold`);
      expect(String(answer.headers['set-cookie'] ?? '')).not.toContain('console_session=');
    }
  });

  test('a sign-in posted without the form’s token is refused before the password is looked at', async () => {
    const answer = await request(api.app).post('/console/sign-in').type('form').send({ username: 'bank', password: TEST_PASSWORD });
    expect(answer.status).toBe(403);
  });

  test('an API key does not open the console', async () => {
    const answer = await request(api.app).get('/console/inbox').set('Authorization', `Bearer ${api.keys.bank}`);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(/^\/console\/sign-in/);
  });

  test('after repeated wrong passwords the username is locked, even for the right password', async () => {
    await api.harness.prisma.user.update({ where: { username: 'otherbank' }, data: { failedSignIns: 0, lockedUntil: null } });
    for (let i = 0; i < FREE_FAILURES - 1; i++) expect((await signIn('otherbank', 'wrong wrong wrong')).answer.status).toBe(401);
    expect((await signIn('otherbank', 'wrong wrong wrong')).answer.status).toBe(429);
    const right = await signIn('otherbank', TEST_PASSWORD);
    expect(right.answer.status).toBe(429);
    expect(right.answer.text).toMatch(/locked/);
  });
});

describe('a session', () => {
  test('sign-out ends it in the database: the same cookie opens nothing afterwards', async () => {
    const { agent, answer } = await signIn('agency', TEST_PASSWORD);
    const cookie = (answer.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('console_session='))!.split(';')[0]!;
    const inbox = await agent.get('/console/password').expect(200);
    await agent.post('/console/sign-out').type('form').send({ _csrf: csrfOf(inbox.text) }).expect(303);
    const again = await request(api.app).get('/console/password').set('Cookie', cookie);
    expect(again.status).toBe(303);
    expect(again.headers.location).toMatch(/^\/console\/sign-in/);
  });

  test('a form posted without the session’s CSRF token changes nothing', async () => {
    const { agent } = await signIn('agency', TEST_PASSWORD);
    const answer = await agent.post('/console/sign-out').type('form').send({});
    expect(answer.status).toBe(403);
    await agent.get('/console/password').expect(200);
  });

  test('authenticates the JSON API only with its CSRF token in X-CSRF-Token', async () => {
    const { agent } = await signIn('official', TEST_PASSWORD);
    const page = await agent.get('/console/password').expect(200);
    await agent.get('/stalled-cases').expect(401);
    await agent.get('/stalled-cases').set('X-CSRF-Token', 'not-the-token').expect(401);
    await agent.get('/stalled-cases').set('X-CSRF-Token', csrfOf(page.text)).expect(200);
  });
});

describe('a one-time password', () => {
  test('must be changed at the first sign-in before any other page opens', async () => {
    const password = await issueOneTimePassword(api.harness.prisma, agency.userId);
    const { agent, answer } = await signIn('agency', password);
    expect(answer.headers.location).toBe('/console/password');
    const elsewhere = await agent.get('/console/figures');
    expect(elsewhere.headers.location).toBe('/console/password');
    const form = await agent.get('/console/password').expect(200);
    const refused = await agent.post('/console/password').type('form').send({ _csrf: csrfOf(form.text), currentPassword: password, newPassword: 'short', repeatPassword: 'short' });
    expect(refused.status).toBe(422);
    const next = 'a brand new passphrase';
    const changed = await agent.post('/console/password').type('form').send({ _csrf: csrfOf(form.text), currentPassword: password, newPassword: next, repeatPassword: next });
    expect(changed.status).toBe(303);
    await agent.get('/console/figures').expect(200);
    expect((await signIn('agency', password)).answer.status).toBe(401);
    expect((await signIn('agency', next)).answer.status).toBe(303);
  });
});
