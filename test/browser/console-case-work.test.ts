import { referredToBank } from '../support/walk';
import { policy } from '../workflows/support/ladder-setup';
import { type BrowserHarness, type Lang, startBrowserHarness } from './support/browser-harness';
import { checkPage, fillForm, mainText, openPage, send } from './support/console-forms';

/**
 * Case work in a real Chromium: the official's case page with its forms (folded ones opened),
 * scanned with axe in Persian and English; a comment and a reassignment sent through the forms.
 */
let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness({ escalation: policy({}, { maxExtensionDays: 5 }) });
}, 180_000);
afterAll(() => h?.stop());

const shape = (lang: Lang) => ({ lang, dir: lang === 'fa' ? 'rtl' : 'ltr', scripts: 0, violations: [] });
const landedWith = (form: string) => (url: URL) => /^\/console\/cases\/[^/]+$/.test(url.pathname) && url.searchParams.get('worked') === form;

test('the official’s case page shows the comment, extension and reassignment forms, accessible in both languages', async () => {
  const id = await referredToBank(h.api.harness.workflows);
  for (const lang of ['fa', 'en'] as const) {
    const { page, problems } = await openPage(await h.signedIn('official', lang), `/console/cases/${id}`);
    for (const summary of await page.locator('section.case-work details > summary').all()) await summary.click();
    expect(await page.locator('form[action*="/work/"]').count()).toBe(3);
    expect(await checkPage(page, `console-case-work-official-${lang}`)).toEqual(shape(lang));
    expect(problems).toEqual([]);
  }
});

test('the bank comments and the official reassigns the case through the forms; the timeline shows both', async () => {
  const id = await referredToBank(h.api.harness.workflows);
  const bank = await openPage(await h.signedIn('bank', 'fa'), `/console/cases/${id}`);
  await fillForm(bank.page, { 'field-work-comment-text': 'ضمانت‌نامه نرسیده است؛ @org-relief-committee لطفاً بفرستید.' });
  await send(bank.page, '/work/comment', landedWith('comment'));
  expect(await mainText(bank.page)).toContain('ضمانت‌نامه نرسیده است');

  const official = await openPage(await h.signedIn('official', 'en'), `/console/cases/${id}`);
  await official.page.locator('details:has(form[action$="/work/reassignment"]) > summary').click();
  await fillForm(official.page, { 'field-work-reassignment-toBankId': 'org-bank-sepah', 'field-work-reassignment-reason': 'lacks_capacity' });
  await send(official.page, '/work/reassignment', landedWith('reassignment'));
  const text = await mainText(official.page);
  expect(text).toContain('The case was given to the new bank.');
  expect(text).toContain('Reassigned to another bank');
  expect(text).toContain('Lacks capacity');
  expect(await checkPage(official.page, 'console-case-work-reassigned-en')).toEqual(shape('en'));
  expect([...bank.problems, ...official.problems]).toEqual([]);
});
