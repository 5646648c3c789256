import type { BrowserContext, Page } from 'playwright-core';
import { issueOneTimePassword } from '../../api/console/people';
import { FREE_FAILURES } from '../../api/console/sign-in-check';
import { TEST_PASSWORD } from '../api/support/api-harness';
import { seriousViolations } from './support/axe';
import { type BrowserHarness, type Lang, startBrowserHarness } from './support/browser-harness';
import { watchProblems } from './support/page-problems';
import { screenshot, screenshotPath } from './support/screenshots';

/** Signing in, changing a one-time password and signing out, in a real Chromium, in both languages. */

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
}, 180_000);
afterAll(() => h?.stop());

const contexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()));
});

async function freshPage(lang: Lang): Promise<{ page: Page; problems: string[] }> {
  const context = await h.browser.newContext({ baseURL: h.baseUrl, locale: lang === 'fa' ? 'fa-IR' : 'en-GB' });
  contexts.push(context);
  const page = await context.newPage();
  return { page, ...watchProblems(page) };
}

/** Sends a form and waits for the page it leads to (often the same URL again) to have loaded. */
async function submit(page: Page, action: string): Promise<void> {
  await Promise.all([page.waitForEvent('framenavigated'), page.click(`form[action="${action}"] button[type="submit"]`)]);
  await page.waitForLoadState('load');
}

async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.fill('#field-username', username);
  await page.fill('#field-password', password);
  await submit(page, '/console/sign-in');
}

/** What a page is: its language, direction and heading. */
const shapeOf = async (page: Page) =>
  (await page.evaluate(`({ lang: document.documentElement.lang, dir: document.documentElement.dir, h1: document.querySelector('h1')?.textContent ?? '', scripts: document.scripts.length })`)) as {
    lang: string; dir: string; h1: string; scripts: number;
  };

describe.each(['fa', 'en'] as const)('in %s', (lang) => {
  test('the sign-in page is in the language asked for, scans clean and leads a person to their inbox', async () => {
    const { page, problems } = await freshPage(lang);
    await page.goto(`/console/inbox?lang=${lang}`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    expect(await shapeOf(page)).toEqual({ lang, dir: lang === 'fa' ? 'rtl' : 'ltr', h1: lang === 'fa' ? 'ورود به سامانه' : 'Sign in', scripts: 0 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, screenshotPath(`console-sign-in-${lang}`));
    await submitSignIn(page, h.api.people.bank.username, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/console/inbox');
    expect(problems).toEqual([]);
  });

  test('a wrong password says so, and repeated ones lock the username even against the right one', async () => {
    const { page } = await freshPage(lang);
    const person = lang === 'fa' ? 'otherbank' : 'otheragency';
    await page.goto(`/console/sign-in?lang=${lang}`);
    await submitSignIn(page, person, 'not the password at all');
    expect(await page.textContent('[role="alert"]')).toBe(lang === 'fa' ? 'نام کاربری یا گذرواژه درست نیست.' : 'The username or password is not right.');
    for (let i = 1; i < FREE_FAILURES; i++) await submitSignIn(page, person, 'not the password at all');
    await submitSignIn(page, person, TEST_PASSWORD);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    expect(await page.textContent('[role="alert"]')).toMatch(lang === 'fa' ? /بسته است/ : /locked/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, screenshotPath(`console-sign-in-locked-${lang}`));
  });

  test('a one-time password leads to the password change first, and sign-out ends the session', async () => {
    const person = lang === 'fa' ? h.api.people.official : h.api.people.admin;
    const userId = (await h.api.harness.prisma.user.findUniqueOrThrow({ where: { username: person.username } })).id;
    const once = await issueOneTimePassword(h.api.harness.prisma, userId);
    const { page, problems } = await freshPage(lang);
    await page.goto(`/console/sign-in?lang=${lang}`);
    await submitSignIn(page, person.username, once);
    expect(new URL(page.url()).pathname).toBe('/console/password');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, screenshotPath(`console-password-${lang}`));

    await page.fill('#field-currentPassword', once);
    await page.fill('#field-newPassword', 'short');
    await page.fill('#field-repeatPassword', 'short');
    await submit(page, '/console/password');
    expect(await page.textContent('#field-newPassword-error')).toContain('at least 10 characters');
    expect(await seriousViolations(page)).toEqual([]);

    await page.fill('#field-currentPassword', once);
    await page.fill('#field-newPassword', TEST_PASSWORD);
    await page.fill('#field-repeatPassword', TEST_PASSWORD);
    await submit(page, '/console/password');
    expect(new URL(page.url()).pathname).not.toBe('/console/password');

    const cookie = (await page.context().cookies()).find((c) => c.name === 'console_session')!;
    await submit(page, '/console/sign-out');
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    // The old cookie, put back by hand, opens nothing: the session ended on the server.
    await page.context().addCookies([cookie]);
    await page.goto('/console/cases');
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    // Pages answered 422 for the short password on purpose; nothing else went wrong.
    expect(problems.filter((p) => !/\b422\b/.test(p))).toEqual([]);
  });
});
