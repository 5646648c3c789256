import { type ApiHarness, startApiHarness, TEST_PASSWORD } from '../support/api-harness';
import { type Agent, consoleAgent, csrfOf, fieldErrorsOf, secretOf, signIn } from './console-agent';

/** The admins' organizations and people pages over HTTP, against the real app and database. */

let api: ApiHarness;
let admin: { agent: Agent; csrf: string };
beforeAll(async () => {
  api = await startApiHarness();
  admin = await consoleAgent(api.app, 'admin', TEST_PASSWORD);
}, 120_000);
afterAll(() => api.stop());

const newPerson = (overrides: Record<string, string> = {}) => ({
  _csrf: admin.csrf,
  id: 'user-melli-teller',
  organization: 'org-bank-melli',
  role: 'bank',
  name: 'Sara Ahmadi',
  email: 'sara@bank-melli.example',
  username: 'sara.ahmadi',
  ...overrides,
});
const create = (body: object) => admin.agent.post('/console/admin/people').type('form').send(body);

describe('who may open the admins’ pages', () => {
  test.each(['official', 'agency', 'bank'])('%s gets the 403 page for organizations, people and a new person, and cannot post one', async (who) => {
    const { agent, csrf } = await consoleAgent(api.app, who, TEST_PASSWORD);
    for (const path of ['/console/admin/organizations', '/console/admin/people', '/console/admin/people/new']) {
      const answer = await agent.get(path);
      expect(answer.status).toBe(403);
      expect(answer.text).toContain('This is not for your role.');
    }
    const posted = await agent.post('/console/admin/people').type('form').send({ ...newPerson({ id: `by-${who}`, username: `by.${who}` }), _csrf: csrf });
    expect(posted.status).toBe(403);
    expect(await api.harness.prisma.user.count({ where: { id: `by-${who}` } })).toBe(0);
  });

  test('a person posted without the session’s CSRF token is refused and not created', async () => {
    const { _csrf, ...withoutToken } = newPerson({ id: 'no-token', username: 'no.token' });
    expect(_csrf).toBeTruthy();
    expect((await create(withoutToken)).status).toBe(403);
    expect((await create({ ...withoutToken, _csrf: 'forged' })).status).toBe(403);
    expect(await api.harness.prisma.user.count({ where: { id: 'no-token' } })).toBe(0);
  });
});

test('the organizations page lists every organization with its kind and number of people, in both languages', async () => {
  await api.harness.prisma.organization.create({ data: { id: 'org-hostile', kind: 'agency', name: '<script>alert(1)</script>', nameFa: '<b>بهزیستی</b>' } });
  const en = await admin.agent.get('/console/admin/organizations?lang=en').expect(200);
  expect(en.text).toContain('<th scope="row">Bank Melli</th>');
  expect(en.text).toMatch(/<td dir="ltr">org-operator<\/td>\s*<td>System operator<\/td>/);
  expect(en.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(en.text).not.toContain('<script>alert(1)');
  const count = await api.harness.prisma.organization.count();
  expect(en.text.match(/<tr><th scope="row">/g)).toHaveLength(count);
  const fa = await admin.agent.get('/console/admin/organizations?lang=fa').expect(200);
  expect(fa.text).toContain('lang="fa" dir="rtl"');
  expect(fa.text).toMatch(/<th scope="row">بانک ملی<\/th>[\s\S]*?<td>بانک<\/td>[\s\S]*?<td class="num">۱<\/td>/);
  expect(fa.text).toContain('&lt;b&gt;بهزیستی&lt;/b&gt;');
});

test('the people page shows each user’s sign-in state, and a program without a username as such', async () => {
  const { prisma } = api.harness;
  await prisma.user.create({ data: { id: 'program-melli', organizationId: 'org-bank-melli', role: 'bank', name: 'Melli integration' } });
  await prisma.user.update({ where: { username: 'otherbank' }, data: { lockedUntil: new Date(Date.now() + 3_600_000) } });
  const page = await admin.agent.get('/console/admin/people?lang=en').expect(200);
  expect(page.text).toMatch(/<th scope="row">Program only \(no sign-in\)<\/th>\s*<td><span dir="auto">Melli integration<\/span>/);
  expect(page.text).toMatch(/<span dir="ltr">otherbank<\/span>[\s\S]*?<td>Bank officer<\/td>[\s\S]*?<td>No<\/td>\s*<td><time datetime=/);
  // Every user but the admin and the program has a reset button; the admin changes their own password elsewhere.
  expect(page.text).not.toContain('/console/admin/people/user-operator/reset-password');
  expect(page.text).not.toContain('/console/admin/people/program-melli/reset-password');
  expect(page.text).toContain('action="/console/admin/people/user-bank-melli/reset-password"');
});

describe('creating a person', () => {
  test('shows the one-time password once, on the answer and never in a URL; it signs in once, forcing a change, and then no more', async () => {
    const answer = await create(newPerson());
    expect(answer.status).toBe(201);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers.location).toBeUndefined();
    // The other language's link leads to the list, not to a GET of the POST's path (and not to the password).
    expect(answer.text).toMatch(/<a href="\/console\/admin\/people\?lang=(en|fa)" hreflang=/);
    const password = secretOf(answer.text);
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    const stored = await api.harness.prisma.user.findUniqueOrThrow({ where: { id: 'user-melli-teller' } });
    expect(stored).toMatchObject({ username: 'sara.ahmadi', role: 'bank', organizationId: 'org-bank-melli', mustChangePassword: true, email: 'sara@bank-melli.example' });
    expect(stored.passwordHash).not.toContain(password);
    expect((await admin.agent.get('/console/admin/people').expect(200)).text).not.toContain(password);

    const first = await signIn(api.app, 'sara.ahmadi', password);
    expect(first.answer.status).toBe(303);
    expect(first.answer.headers.location).toBe('/console/password');
    expect((await first.agent.get('/console/inbox')).headers.location).toBe('/console/password');
    const form = await first.agent.get('/console/password').expect(200);
    const chosen = 'silk road teller 1405';
    await first.agent.post('/console/password').type('form').send({ _csrf: csrfOf(form.text), currentPassword: password, newPassword: chosen, repeatPassword: chosen }).expect(303);
    expect((await signIn(api.app, 'sara.ahmadi', password)).answer.status).toBe(401);
    expect((await signIn(api.app, 'sara.ahmadi', chosen)).answer.headers.location).toBe('/console/inbox');
  });

  test('faults are named field by field with a 422 page, keeping what was typed, and nothing is created', async () => {
    const answer = await create(newPerson({ id: 'Bad Id!', role: 'castle', name: '', email: 'not-an-email', username: 'x' }));
    expect(answer.status).toBe(422);
    const errors = fieldErrorsOf(answer.text);
    expect(Object.keys(errors).sort()).toEqual(['email', 'id', 'name', 'role', 'username']);
    expect(errors.email).toBe('Enter a valid email address.');
    expect(answer.text).toContain('href="#field-username"');
    expect(answer.text).toContain('value="not-an-email"');
    expect(answer.text).toMatch(/id="field-id"[^>]*aria-invalid="true"/);
    expect(await api.harness.prisma.user.count({ where: { name: '' } })).toBe(0);
  });

  test('a role that does not fit the organization’s kind, or an unknown organization, is a 422 naming the field', async () => {
    const mismatch = await create(newPerson({ id: 'clerk-at-bank', username: 'clerk.at.bank', role: 'agency' }));
    expect(mismatch.status).toBe(422);
    expect(fieldErrorsOf(mismatch.text)).toEqual({ role: 'The role “Agency clerk” is not for a person at a “Bank” organization.' });
    const unknown = await create(newPerson({ id: 'nowhere', username: 'nowhere', organization: 'org-atlantis' }));
    expect(unknown.status).toBe(422);
    expect(Object.keys(fieldErrorsOf(unknown.text))).toEqual(['organization']);
    expect(await api.harness.prisma.user.count({ where: { id: { in: ['clerk-at-bank', 'nowhere'] } } })).toBe(0);
  });

  test('a taken id or username is a 409 page naming the field', async () => {
    const id = await create(newPerson({ id: 'user-bank-melli', username: 'fresh.name' }));
    expect(id.status).toBe(409);
    expect(fieldErrorsOf(id.text)).toEqual({ id: 'A user with this id exists.' });
    const username = await create(newPerson({ id: 'fresh-id', username: 'bank' }));
    expect(username.status).toBe(409);
    expect(fieldErrorsOf(username.text)).toEqual({ username: 'Another user has this username.' });
    expect(await api.harness.prisma.user.count({ where: { id: 'fresh-id' } })).toBe(0);
  });

  test('the form asks in Persian too, each field with its label', async () => {
    const form = await admin.agent.get('/console/admin/people/new?lang=fa').expect(200);
    for (const name of ['id', 'organization', 'role', 'name', 'email', 'username']) expect(form.text).toContain(`<label for="field-${name}">`);
    expect(form.text).toContain('ساختن کاربر');
    const refused = await create(newPerson({ id: '', username: '' }));
    expect(refused.status).toBe(422);
    expect(fieldErrorsOf(refused.text)).toEqual({ id: 'این خانه را پر کنید.', username: 'این خانه را پر کنید.' });
  });
});

describe('resetting a password', () => {
  test('gives a new one-time password shown once, ends the person’s sessions, and the old password stops working', async () => {
    const agency = await consoleAgent(api.app, 'agency', TEST_PASSWORD);
    const answer = await admin.agent.post('/console/admin/people/user-relief-committee/reset-password?lang=en').type('form').send({ _csrf: admin.csrf });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('The password of agency was replaced');
    const password = secretOf(answer.text);
    expect((await agency.agent.get('/console/password')).headers.location).toMatch(/^\/console\/sign-in/);
    expect((await signIn(api.app, 'agency', TEST_PASSWORD)).answer.status).toBe(401);
    const next = await signIn(api.app, 'agency', password);
    expect(next.answer.headers.location).toBe('/console/password');
  });

  test('lifts a lockout', async () => {
    await api.harness.prisma.user.update({ where: { username: 'otheragency' }, data: { failedSignIns: 9, lockedUntil: new Date(Date.now() + 3_600_000) } });
    const answer = await admin.agent.post('/console/admin/people/user-welfare/reset-password').type('form').send({ _csrf: admin.csrf });
    expect((await signIn(api.app, 'otheragency', secretOf(answer.text))).answer.status).toBe(303);
  });

  test('is refused for oneself, for a program without a username, for an unknown user, and without the CSRF token', async () => {
    const post = (id: string, body: object = { _csrf: admin.csrf }) => admin.agent.post(`/console/admin/people/${id}/reset-password?lang=en`).type('form').send(body);
    const self = await post('user-operator');
    expect(self.status).toBe(409);
    expect(self.text).toContain('Change your own password on the password page.');
    await api.harness.prisma.user.upsert({ where: { id: 'program-sepah' }, create: { id: 'program-sepah', organizationId: 'org-bank-sepah', role: 'bank', name: 'Sepah integration' }, update: {} });
    expect((await post('program-sepah')).status).toBe(409);
    expect((await post('no-such-user')).status).toBe(404);
    const before = await api.harness.prisma.user.findUniqueOrThrow({ where: { id: 'user-bank-sepah' } });
    expect((await post('user-bank-sepah', {})).status).toBe(403);
    expect((await api.harness.prisma.user.findUniqueOrThrow({ where: { id: 'user-bank-sepah' } })).passwordHash).toBe(before.passwordHash);
  });
});
