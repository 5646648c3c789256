import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/config';
import { defaultDeadlineDays } from '../../config/escalation-policy';
import type { EscalationPolicy, WaitKind } from '../../domain/deadlines';
import { createMailer, type Mailer } from '../../mail/mailer';
import { as, type CallerName } from '../api/support/api-harness';
import { categorizeRequest, submissionRequest } from '../api/support/bodies';
import { until } from '../api/support/stalled-listing';
import { bank } from '../../support/fixtures';
import { seriousViolations } from './support/axe';
import { type BrowserHarness, type Lang, startBrowserHarness } from './support/browser-harness';
import { watchProblems } from './support/page-problems';
import { screenshot, screenshotPath } from './support/screenshots';

/**
 * The console's lists in a real Chromium, signed in through the form: the inboxes, every case,
 * the stalled cases and the escalations with an email, in Persian and English. A "working day"
 * is a second and the bank's acknowledgement is due after one, so one case goes overdue, is
 * reminded by email, and shows as stalled.
 */
const DAY = 1000;
const policy: EscalationPolicy = {
  weekend: ['friday'],
  holidays: [],
  dayLengthMs: DAY,
  deadlineDays: { ...(Object.fromEntries(Object.keys(defaultDeadlineDays).map((kind) => [kind, 5000])) as Record<WaitKind, number>), 'bank_review.acknowledge': 1 },
  categoryDeadlineDays: {},
  escalateAfterDays: 100_000,
  repeatEveryDays: 100_000,
  provinceAfterRepeats: null,
};
const hostile = '<script>alert(1)</script>';

let h: BrowserHarness;
let mailer: Mailer;
let escalationId: string;

async function submit(caller: CallerName, reference: string, name: string): Promise<string> {
  const body = submissionRequest({ agencyReference: reference });
  Object.assign(body.applicant as object, { fullName: name });
  const created = await as(h.api, caller).post('/applications', body).expect(201);
  return created.body.id as string;
}
const step = (caller: CallerName, id: string, segment: string, body: object = {}) =>
  as(h.api, caller).post(`/applications/${id}/steps/${segment}`, body).expect(200);

beforeAll(async () => {
  const config = loadConfig({ DATA_DIR: await mkdtemp(path.join(tmpdir(), 'console-lists-')) });
  mailer = createMailer(config);
  h = await startBrowserHarness({ escalation: policy, notifications: { mailer, config } });
  const { prisma } = h.api.harness;
  await prisma.organization.update({ where: { id: bank.organizationId }, data: { contactEmail: 'loans@bank-melli.example' } });
  const late = await submit('agency', 'LIST-LATE', hostile);
  await step('agency', late, 'categorize', categorizeRequest());
  const reviewed = await submit('agency', 'LIST-1405', 'مریم رحیمی');
  await step('agency', reviewed, 'categorize', categorizeRequest());
  await step('bank', reviewed, 'acknowledge-receipt');
  await submit('agency', 'LIST-NEW', 'Reza Karimi');
  const escalation = await until('the late case’s reminder is mailed', async () => {
    const row = await prisma.escalation.findFirst({ where: { applicationId: late } });
    const mailed = await prisma.outgoingEmail.findFirst({ where: { applicationId: late, sentAt: { not: null } } });
    return row && mailed ? row : undefined;
  });
  escalationId = escalation.id.toString();
  // The stalled list reads visibility, which lags the workflow a little.
  await until('the late case is stalled in visibility', async () => ((await h.api.harness.workflows.stalledCases({ now: new Date() })).length > 0 ? true : undefined));
}, 180_000);
afterAll(async () => {
  await h?.stop();
  await mailer?.close();
});

const pages: { person: 'bank' | 'agency' | 'official'; path: () => string; name: string; expect: string }[] = [
  { person: 'bank', path: () => '/console/inbox', name: 'console-inbox-bank', expect: 'LIST-LATE' },
  { person: 'agency', path: () => '/console/inbox', name: 'console-inbox-agency', expect: 'LIST-NEW' },
  { person: 'official', path: () => '/console/cases', name: 'console-cases-official', expect: 'LIST-1405' },
  { person: 'official', path: () => '/console/stalled', name: 'console-stalled-official', expect: 'LIST-LATE' },
  { person: 'official', path: () => '/console/escalations', name: 'console-escalations-official', expect: 'LIST-LATE' },
  { person: 'official', path: () => `/console/escalations/${escalationId}`, name: 'console-escalation-email', expect: 'loans@bank-melli.example' },
];

describe.each(['fa', 'en'] as Lang[])('in %s', (lang) => {
  test.each(pages)('$name: shows its cases, passes axe, runs no script', async ({ person, path: pathOf, name, expect: shown }) => {
    const page = await (await h.signedIn(person, lang)).newPage();
    try {
      const { problems } = watchProblems(page);
      const response = await page.goto(pathOf());
      expect(response?.status()).toBe(200);
      await expect(page.locator('main').innerText()).resolves.toContain(shown);
      expect(await page.getAttribute('html', 'dir')).toBe(lang === 'fa' ? 'rtl' : 'ltr');
      // The table's dates and counts: Persian digits in fa, Latin in en (references stay as typed; an email's body is its own).
      const text = await page.locator('main table').first().innerText();
      if (lang === 'fa') expect(text).toMatch(/[۰-۹]{4}/);
      else expect(text).not.toMatch(/[۰-۹]/);
      expect(await seriousViolations(page)).toEqual([]);
      expect(problems).toEqual([]);
      await screenshot(page, screenshotPath(`${name}-${lang}`));
    } finally {
      await page.close();
    }
  });
});

test('an applicant’s name that is markup shows as text in the inbox, and the email names the applicant by initials only', async () => {
  const bankPage = await (await h.signedIn('bank', 'en')).newPage();
  const officialPage = await (await h.signedIn('official', 'en')).newPage();
  try {
    const problems = [watchProblems(bankPage).problems, watchProblems(officialPage).problems];
    await bankPage.goto('/console/inbox');
    await expect(bankPage.locator('td', { hasText: hostile }).count()).resolves.toBe(1);
    await officialPage.goto(`/console/escalations/${escalationId}`);
    const body = await officialPage.locator('pre.email-body').innerText();
    expect(body).toContain('Applicant: S.');
    expect(body).not.toContain(hostile);
    expect(await officialPage.locator('pre.email-body script').count()).toBe(0);
    expect(problems.flat()).toEqual([]);
  } finally {
    await Promise.all([bankPage.close(), officialPage.close()]);
  }
});

test('the filter form is a plain GET form: searching by name narrows the inbox without script', async () => {
  const page = await (await h.signedIn('bank', 'en')).newPage();
  try {
    await page.goto('/console/inbox');
    await page.fill('#field-q', 'رحیمی');
    await Promise.all([page.waitForURL(/q=/), page.click('form.list-filters button[type="submit"]')]);
    const references = await page.locator('tbody th[scope="row"]').allInnerTexts();
    expect(references).toEqual(['LIST-1405']);
  } finally {
    await page.close();
  }
});
