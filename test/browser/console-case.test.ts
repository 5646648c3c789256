import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { defaultDeadlineDays } from '../../config/escalation-policy';
import type { EscalationPolicy } from '../../domain/deadlines';
import { type BrowserHarness, type Lang, startBrowserHarness } from './support/browser-harness';
import { besidesRefusals, checkPage, fillForm, mainText, openPage, send } from './support/console-forms';
import { screenshot, screenshotPath } from './support/screenshots';

/**
 * Issue 10's main scenario in a real Chromium: an agency clerk submits an application through
 * the form and refers it to the bank; the bank's officer finds it at the top of the inbox, takes
 * every review step, signs the contract and pays two tranches. All in Persian, the case page
 * again in English; every page scanned with axe and shot.
 */

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness({ escalation: countyPolicy });
}, 180_000);
afterAll(() => h?.stop());

const shape = (lang: Lang) => ({ lang, dir: lang === 'fa' ? 'rtl' : 'ltr', scripts: 0, violations: [] });
/** The county's own deadlines in real working days: the inbox shows each case's Jalali deadline, and nothing falls due during the test. */
const countyPolicy: EscalationPolicy = {
  weekend: ['friday'],
  holidays: [],
  dayLengthMs: 86_400_000,
  deadlineDays: defaultDeadlineDays,
  categoryDeadlineDays: {},
  escalateAfterDays: 2,
  repeatEveryDays: 3,
  provinceAfterRepeats: null,
  maxRepeats: 6,
};
/** The README's pictures of the inbox and a case page: written only when asked for, so a test run leaves the checkout as it was. */
const README_SHOTS = process.env.UPDATE_README_SCREENSHOTS === '1' ? path.resolve(__dirname, '../../docs/screenshots') : undefined;

/** Where a successful step or submission lands: the case page, saying what was done. */
const landedOnCase = (url: URL) => /^\/console\/cases\/[^/]+$/.test(url.pathname);
const refusedAt = (segment: string) => (url: URL) => url.pathname.endsWith(`/steps/${segment}`);

/** Takes one step through its form on the case page and expects to land back on it, the step recorded. */
async function step(page: Page, segment: string, fields: Record<string, string | boolean> = {}): Promise<void> {
  await fillForm(page, Object.fromEntries(Object.entries(fields).map(([name, value]) => [`field-${segment}-${name}`, value])));
  await send(page, `/steps/${segment}`, (url) => landedOnCase(url) && url.searchParams.get('done') === segment);
  expect(await page.locator('p.notice[role="status"]').count()).toBe(1);
}

describe('an application from the agency’s form to the second tranche, in Persian', () => {
  let caseUrl = '';

  test('the agency clerk submits a new application with Persian digits and refers it to the bank', async () => {
    const { page, problems } = await openPage(await h.signedIn('agency', 'fa'), '/console/applications/new');
    expect(await checkPage(page, 'console-case-new-application-fa')).toEqual(shape('fa'));
    await fillForm(page, {
      'field-applicant.fullName': 'مریم رحیمی',
      'field-applicant.nationalId': '۰۰۱۳۵۴۲۴۱۹',
      'field-applicant.phone': '۰۹۱۱۱۲۳۴۵۶۷',
      'field-applicant.address': 'لاهیجان، خیابان کاشف',
      'field-applicant.district': 'lahijan_city',
      'field-agencyReference': 'ک-۱۴۰۵-۰۰۱',
      'field-requestedAmount': '۱۵۰۰۰۰۰۰۰۰۰۰',
      'field-purpose': 'کارگاه خرد فرآوری چای',
      'field-jobsCommitted': '۴',
      'field-district': 'lahijan_city',
    });
    await send(page, '/console/applications/new', landedOnCase);
    caseUrl = new URL(page.url()).pathname;
    expect(await mainText(page)).toContain('۱۵۰٬۰۰۰٬۰۰۰٬۰۰۰');
    expect(await checkPage(page, 'console-case-submitted-fa')).toEqual(shape('fa'));

    await step(page, 'categorize', { category: 'micro_workshop', priority: 'high', bankId: 'org-bank-melli' });
    expect(await mainText(page)).toContain('بانک ملی');
    expect(await checkPage(page, 'console-case-referred-fa')).toEqual(shape('fa'));
    expect(problems).toEqual([]);
  });

  test('the bank’s officer finds it at the top of the inbox and takes every review step; a refused step shows its reason', async () => {
    expect(caseUrl).not.toBe('');
    const context = await h.signedIn('bank', 'fa');
    const { page, problems } = await openPage(context, '/console/inbox');
    expect(await page.locator('main a[href^="/console/cases/"]').first().getAttribute('href')).toBe(caseUrl);
    await screenshot(page, screenshotPath('console-case-inbox-bank-fa'));
    if (README_SHOTS) await copyFile(screenshotPath('console-case-inbox-bank-fa'), path.join(README_SHOTS, 'console-inbox.png'));
    await Promise.all([page.waitForURL((url) => url.pathname === caseUrl), page.locator('main a[href^="/console/cases/"]').first().click()]);
    expect(await page.locator('form[action$="/steps/categorize"]').count()).toBe(0);

    await step(page, 'acknowledge-receipt');
    // The guarantees box left unticked: the schema's own message, beside the box, and nothing changes.
    await send(page, '/steps/check-documents', refusedAt('check-documents'));
    expect(await page.locator('.error-summary').count()).toBe(1);
    expect(await page.locator('[id="field-check-documents-guaranteesAccepted-error"]').innerText()).toContain('وثیقه ناکافی');
    expect(await checkPage(page, 'console-case-refused-fa')).toEqual(shape('fa'));
    await step(page, 'check-documents', { guaranteesAccepted: true });
    await step(page, 'assess-credit', { creditScore: '۷۲۰' });
    expect(await checkPage(page, 'console-case-decision-fa')).toEqual(shape('fa'));

    await fillForm(page, { 'field-approve-amount': '۰', 'field-approve-terms': 'بازپرداخت ۳۶ ماهه' });
    await send(page, '/steps/approve', refusedAt('approve'));
    expect(await page.locator('[id="field-approve-amount-error"]').innerText()).toContain('ریال');
    expect(await page.inputValue('[id="field-approve-terms"]')).toBe('بازپرداخت ۳۶ ماهه');
    await step(page, 'approve', { amount: '۱۰۰۰۰۰۰۰۰۰۰۰' });
    await step(page, 'sign-contract', { contractNumber: 'ق-۱۴۰۵-۷۷' });
    await step(page, 'disburse-tranche', { amount: '۶۰۰۰۰۰۰۰۰۰۰', paymentReference: 'پ-۱' });
    expect(await checkPage(page, 'console-case-first-tranche-fa')).toEqual(shape('fa'));
    // More than is left to pay: the workflow's rule refuses it, its reason beside the amount.
    await fillForm(page, { 'field-disburse-tranche-amount': '۵۰۰۰۰۰۰۰۰۰۰', 'field-disburse-tranche-paymentReference': 'پ-۲' });
    await send(page, '/steps/disburse-tranche', refusedAt('disburse-tranche'));
    expect(await page.locator('[id="field-disburse-tranche-amount-error"]').innerText()).toBe('مبلغ از ۴۰٬۰۰۰٬۰۰۰٬۰۰۰ ریالِ مانده بیشتر است.');
    expect(await checkPage(page, 'console-case-refused-tranche-fa')).toEqual(shape('fa'));
    await step(page, 'disburse-tranche', { amount: '۴۰۰۰۰۰۰۰۰۰۰' });

    expect(await mainText(page)).toContain('۴۰٬۰۰۰٬۰۰۰٬۰۰۰');
    expect(await page.locator('table:has(caption) tbody tr').count()).toBeGreaterThanOrEqual(10);
    expect(await checkPage(page, 'console-case-paid-fa')).toEqual(shape('fa'));
    if (README_SHOTS) await copyFile(screenshotPath('console-case-paid-fa'), path.join(README_SHOTS, 'console-case.png'));
    // The refusals answered 422, as they should; nothing else went wrong.
    expect(besidesRefusals(problems, 422, /\/steps\/(check-documents|approve|disburse-tranche)$/)).toEqual([]);
    const row = await h.api.harness.prisma.application.findFirstOrThrow({ where: { agencyReference: 'ک-1405-001' }, include: { disbursements: true } });
    // Paid in full, the case waits for the follow-up period (short in the tests: it may have opened already).
    expect({ stage: row.stage, paid: row.disbursedAmount.toFixed(0), tranches: row.disbursements.length }).toEqual({
      stage: expect.stringMatching(/^(awaiting_follow_up|employment_follow_up)$/),
      paid: '100000000000',
      tranches: 2,
    });
  });

  test('once the follow-up opens, the agency clerk confirms the jobs and the case closes', async () => {
    const { prisma } = h.api.harness;
    const opened = async () => (await prisma.application.findFirstOrThrow({ where: { agencyReference: 'ک-1405-001' } })).stage === 'employment_follow_up';
    for (let waited = 0; !(await opened()) && waited < 30_000; waited += 250) await new Promise((resolve) => setTimeout(resolve, 250));
    const { page, problems } = await openPage(await h.signedIn('agency', 'fa'), caseUrl);
    await step(page, 'confirm-jobs', { jobsConfirmed: '۳' });
    expect(await mainText(page)).toContain('بسته‌شده');
    expect(await page.locator('form[action*="/steps/"]').count()).toBe(0);
    expect(await checkPage(page, 'console-case-closed-fa')).toEqual(shape('fa'));
    expect(problems).toEqual([]);
  }, 60_000);

  test('the same case page in English, for the bank and for the agency', async () => {
    for (const person of ['bank', 'agency'] as const) {
      const { page, status, problems } = await openPage(await h.signedIn(person, 'en'), caseUrl);
      expect(status).toBe(200);
      expect(await mainText(page)).toContain('40,000,000,000');
      expect(await checkPage(page, `console-case-paid-${person}-en`)).toEqual(shape('en'));
      expect(problems).toEqual([]);
    }
  });

  test('on a phone’s width (360 px) the inbox, the case page and the new-application form need no sideways scrolling', async () => {
    for (const [person, path, name] of [
      ['bank', '/console/inbox', 'inbox'],
      ['bank', caseUrl, 'case'],
      ['agency', '/console/applications/new', 'new-application'],
    ] as const) {
      for (const lang of ['fa', 'en'] as const) {
        const page = await (await h.signedIn(person, lang)).newPage();
        await page.setViewportSize({ width: 360, height: 740 });
        await page.goto(path, { waitUntil: 'load' });
        await page.evaluate('document.fonts.ready.then(() => true)');
        // Wide tables scroll inside their own region; the page itself must not.
        const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
        expect({ path: name, lang, overflow }).toEqual({ path: name, lang, overflow: 0 });
        await page.screenshot({ path: screenshotPath(`console-phone-${name}-${lang}`), fullPage: true });
        await page.close();
      }
    }
  });

  test('the official finds the case among every case and opens it; the admin follows its link to the workflow history', async () => {
    for (const lang of ['fa', 'en'] as const) {
      const { page, problems } = await openPage(await h.signedIn('official', lang), '/console/cases');
      await Promise.all([page.waitForURL((url) => url.pathname === caseUrl), page.locator(`main a[href="${caseUrl}"]`).first().click()]);
      expect(await page.locator('form[action*="/steps/"]').count()).toBe(0);
      expect(await checkPage(page, `console-case-official-${lang}`)).toEqual(shape(lang));
      expect(problems).toEqual([]);
    }
    const { page, problems } = await openPage(await h.signedIn('admin', 'en'), caseUrl);
    await Promise.all([page.waitForURL((url) => url.pathname.endsWith('/history')), page.locator('main a[href$="/history"]').click()]);
    expect(await mainText(page)).toContain('disburseTranche');
    expect(await page.locator('a[href*="/namespaces/"]').count()).toBeGreaterThan(0);
    expect(await checkPage(page, 'console-case-history-admin-en')).toEqual(shape('en'));
    expect(problems).toEqual([]);
  });

  test('the other agency’s clerk gets the 404 page for the case’s URL', async () => {
    for (const lang of ['fa', 'en'] as const) {
      const { page, status } = await openPage(await h.signedIn('otherAgency', lang), caseUrl);
      expect(status).toBe(404);
      expect(await mainText(page)).not.toContain('مریم');
      expect(await checkPage(page, `console-case-not-found-${lang}`)).toEqual(shape(lang));
    }
  });
});

test.each(['fa', 'en'] as const)('in %s, a refused submission shows each field’s message; script in the applicant’s name renders as text', async (lang) => {
  const { page, problems } = await openPage(await h.signedIn('agency', lang), '/console/applications/new');
  const name = `<script>alert("${lang}")</script><img src=x onerror=alert(1)>`;
  const fields = {
    'field-applicant.fullName': name,
    'field-applicant.nationalId': '0013542418',
    'field-applicant.phone': '09111234567',
    'field-applicant.address': 'Lahijan',
    'field-applicant.district': 'central',
    'field-agencyReference': `HOSTILE-${lang}`,
    'field-requestedAmount': '50000000000',
    'field-purpose': 'Handicrafts',
    'field-jobsCommitted': '2',
    'field-district': 'central',
  };
  await fillForm(page, fields);
  await send(page, '/console/applications/new', (url) => url.pathname === '/console/applications/new');
  expect(await page.locator('.error-summary a[href="#field-applicant.nationalId"]').count()).toBe(1);
  expect(await page.inputValue('[id="field-applicant.fullName"]')).toBe(name);
  expect(await checkPage(page, `console-case-new-application-refused-${lang}`)).toEqual(shape(lang));

  await fillForm(page, { 'field-applicant.nationalId': '0013542419' });
  await send(page, '/console/applications/new', landedOnCase);
  expect(await page.locator('h1 .applicant-name').innerText()).toBe(name);
  expect(await checkPage(page, `console-case-hostile-${lang}`)).toEqual(shape(lang));
  expect(besidesRefusals(problems, 422, /^\/console\/applications\/new$/)).toEqual([]);
});
