import type { Page } from 'playwright-core';
import request from 'supertest';
import { bearer } from '../api/support/api-harness';
import { categorizeRequest, submissionRequest } from '../api/support/bodies';
import { type BrowserHarness, type Lang, signInThroughTheForm, startBrowserHarness } from './support/browser-harness';
import { checkPage, fillForm, mainText, openPage, send } from './support/console-forms';

/**
 * The admin's pages in a real Chromium, signed in through the form: organizations, people (a new
 * person, a reset), API keys (issued, then revoked), a case's workflow history; fa and en, each
 * scanned by axe and shot to test-output/screenshots/console-admin-….png.
 */

let h: BrowserHarness;
let caseId: string;
beforeAll(async () => {
  h = await startBrowserHarness();
  const api = request(h.api.app);
  const submitted = await api.post('/applications').set(bearer(h.api.keys.agency)).send(submissionRequest());
  expect(submitted.status).toBe(201);
  caseId = submitted.body.id;
  await api.post(`/applications/${caseId}/steps/categorize`).set(bearer(h.api.keys.agency)).send(categorizeRequest()).expect(200);
}, 180_000);
afterAll(() => h?.stop());

const pages: Page[] = [];
afterEach(async () => {
  await Promise.all(pages.splice(0).map((p) => p.close()));
});

/** A page of the admin's, opened in the language's signed-in context, with what it must be. */
async function adminPage(lang: Lang, path: string, name: string) {
  const opened = await openPage(await h.signedIn('admin', lang), path);
  pages.push(opened.page);
  const facts = await checkPage(opened.page, `console-admin-${name}-${lang}`);
  return { ...opened, facts, text: await mainText(opened.page) };
}

const expectClean = (facts: Awaited<ReturnType<typeof checkPage>>, lang: Lang) =>
  expect(facts).toEqual({ lang, dir: lang === 'fa' ? 'rtl' : 'ltr', scripts: 0, violations: [] });

/** The secret an answer page shows once. */
const secretOn = async (page: Page): Promise<string> => (await page.locator('.one-time-secret code').textContent())!.trim();

const words = {
  fa: { bankMelli: 'بانک ملی', operator: 'راهبر سامانه', created: 'کاربر ساخته شد', revoked: 'باطل شد', completed: 'گام انجام شد', required: 'این خانه را پر کنید.' },
  en: { bankMelli: 'Bank Melli', operator: 'System operator', created: 'Person created', revoked: 'was revoked', completed: 'Step completed', required: 'Fill this in.' },
};

describe.each(['fa', 'en'] as const)('as the admin, in %s', (lang) => {
  const w = words[lang];
  const username = `teller.${lang}`;

  test('the organizations page lists every organization and scans clean', async () => {
    const { status, facts, text, problems } = await adminPage(lang, '/console/admin/organizations', 'organizations');
    expect(status).toBe(200);
    expectClean(facts, lang);
    expect(text).toContain(w.bankMelli);
    expect(text).toContain(w.operator);
    expect(problems).toEqual([]);
  });

  test('a new person: the refused form names each field, the accepted one shows a one-time password that signs in and must be changed', async () => {
    const { page } = await adminPage(lang, '/console/admin/people/new', 'person-form');
    await send(page, '/console/admin/people', (url) => url.pathname === '/console/admin/people');
    expect(await page.locator('.error-summary a').count()).toBe(5);
    expect(await page.locator('#field-name-error').textContent()).toBe(w.required);
    expectClean(await checkPage(page, `console-admin-person-refused-${lang}`), lang);

    await fillForm(page, {
      'field-id': `user-melli-${lang}`,
      'field-organization': 'org-bank-melli',
      'field-role': 'bank',
      'field-name': lang === 'fa' ? 'سارا احمدی' : 'Sara Ahmadi',
      'field-email': `sara.${lang}@bank-melli.example`,
      'field-username': username,
    });
    await send(page, '/console/admin/people', (url) => url.pathname === '/console/admin/people');
    expect(await page.locator('h1').textContent()).toBe(w.created);
    const password = await secretOn(page);
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    expect(page.url()).not.toContain(password);
    expectClean(await checkPage(page, `console-admin-person-created-${lang}`), lang);

    const theirs = await signInThroughTheForm(h.browser, h.baseUrl, { username, password }, lang);
    try {
      const first = await theirs.newPage();
      await first.goto('/console/inbox');
      expect(new URL(first.url()).pathname).toBe('/console/password');
    } finally {
      await theirs.close();
    }
  });

  test('the people page lists the new person; resetting their password shows a new one-time password', async () => {
    const { page, facts, text } = await adminPage(lang, '/console/admin/people', 'people');
    expectClean(facts, lang);
    expect(text).toContain(username);
    await send(page, `/console/admin/people/user-melli-${lang}/reset-password`, (url) => url.pathname.endsWith('/reset-password'));
    const password = await secretOn(page);
    expectClean(await checkPage(page, `console-admin-password-reset-${lang}`), lang);
    const theirs = await signInThroughTheForm(h.browser, h.baseUrl, { username, password }, lang);
    await theirs.close();
  });

  test('an API key: issued and shown once, it works on the JSON API; revoked, it answers 401 at once', async () => {
    const label = `Melli server ${lang}`;
    const { page } = await adminPage(lang, '/console/admin/keys/new', 'key-form');
    await fillForm(page, { 'field-user': 'user-bank-melli', 'field-label': label });
    await send(page, '/console/admin/keys', (url) => url.pathname === '/console/admin/keys');
    const key = await secretOn(page);
    expect(key).toMatch(/^lk_/);
    expectClean(await checkPage(page, `console-admin-key-issued-${lang}`), lang);
    expect((await request(h.api.app).get('/applications').set(bearer(key))).status).toBe(200);

    await page.goto('/console/admin/keys');
    expectClean(await checkPage(page, `console-admin-keys-${lang}`), lang);
    expect(await mainText(page)).not.toContain(key);
    const stored = await h.api.harness.prisma.apiKey.findFirstOrThrow({ where: { label } });
    await send(page, `/console/admin/keys/${stored.id}/revoke`, (url) => url.searchParams.get('revoked') === stored.id);
    expect(await page.locator('.notice[role="status"]').textContent()).toContain(w.revoked);
    expectClean(await checkPage(page, `console-admin-key-revoked-${lang}`), lang);
    expect((await request(h.api.app).get('/applications').set(bearer(key))).status).toBe(401);
  });

  test('a case’s workflow history: its steps in the page’s language, with the link to the Temporal Web UI', async () => {
    const { status, facts, text, page, problems } = await adminPage(lang, `/console/admin/cases/${caseId}/history`, 'history');
    expect(status).toBe(200);
    expectClean(facts, lang);
    expect(text.split(w.completed).length - 1).toBe(2);
    expect(await page.locator('a[href^="http://ui.test/namespaces/default/workflows/"]').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
