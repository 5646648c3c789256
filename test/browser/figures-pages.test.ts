import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { bearer } from '../api/support/api-harness';
import { seedPopulation } from '../api/support/figures/population';
import { servedRoutes } from '../api/support/served-routes';
import { type BrowserHarness, type Lang, startBrowserHarness, type Visitor } from './support/browser-harness';
import { compareCsvToJson, type Matching } from './support/csv-against-json';
import { csvRecords } from './support/csv';
import { seriousViolations } from './support/axe';
import { expectReadable, plainNumber, rowsOf, wholeLeaves } from './support/page-expectations';
import { watchProblems } from './support/page-problems';
import { open, visit } from './support/visit';

/** An organization whose names try to run as markup: the pages must show them as text. */
const hostile = { id: 'org-bank-hostile', name: '<script>alert(1)</script> & "Co"', nameFa: '<img src=x onerror=alert(document.cookie)> & «بانک»' };
const FAMILIES = ['banks', 'agencies', 'categories', 'districts', 'fair-distribution', 'absorption'];
const roles = ['official', 'admin', 'bank', 'agency'] as const;
const langs = ['fa', 'en'] as const;
/** 1405 Q2, 2026-06-22 to 2026-09-22; absorption is figured for whole Jalali years only. */
const QUARTER = 'year=1405&quarter=2';
const periodOf = (family: string) => (family === 'absorption' ? 'year=1405' : QUARTER);
const label = { fa: 'سه‌ماهه دوم ۱۴۰۵', en: '1405 Q2' };
/** The period's first day, 1 Tir or 1 Farvardin 1405, as the page's <time datetime> gives it. */
const firstDayOf = (family: string) => (periodOf(family) === QUARTER ? '2026-06-22' : '2026-03-21');
const own = {
  bank: { fa: 'بانک ملی', en: 'Bank Melli' },
  agency: { fa: 'کمیته امداد امام خمینی', en: 'Imam Khomeini Relief Committee' },
};
const withLang = (path: string, lang: Lang) => (lang === 'en' ? `${path}${path.includes('?') ? '&' : '?'}lang=en` : path);

let h: BrowserHarness;
beforeAll(async () => {
  h = await startBrowserHarness();
  const { prisma } = h.api.harness;
  await prisma.organization.createMany({
    data: [{ id: 'org-alavi', kind: 'support_institution', name: 'Alavi Foundation', nameFa: 'بنیاد علوی' }, { ...hostile, kind: 'bank' }],
  });
  await seedPopulation(prisma, { agencies: ['org-relief-committee', 'org-welfare', 'org-alavi'], banks: ['org-bank-melli', 'org-bank-sepah', hostile.id] }, 240, 1405);
  // An allocation and a target, so the absorption page has rates to show.
  const admin = (path: string, body: object) => request(h.api.app).put(path).set(bearer(h.api.keys.admin)).send(body).expect(200);
  await admin('/allocations/1405/banks/org-bank-melli', { amount: '90000000000000000' });
  await admin('/allocations/1405/organizations/org-relief-committee', { jobsTarget: 400 });
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

test('the harness’s own checks catch what they are for: a critical axe violation, a console error, a script that runs', async () => {
  const page = await (await h.context('public', 'en')).newPage();
  try {
    const { problems } = watchProblems(page);
    await page.setContent('<!doctype html><html lang="en"><title>t</title><main><h1>t</h1><img src="/none.png"><script>console.error("boom"); alert("ran")</script></main></html>');
    expect((await seriousViolations(page)).join('\n')).toMatch(/^critical: image-alt/m);
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/^console error: boom/), 'dialog (alert): ran']));
  } finally {
    await page.close();
  }
});

test('the families tested are every family the app serves as GET /figures/{family}', () => {
  const served = servedRoutes(h.api.app).flatMap((route) => /^GET \/figures\/([a-z-]+)$/.exec(route)?.[1] ?? []);
  expect(served.sort()).toEqual([...FAMILIES].sort());
});

describe.each(FAMILIES)('/figures/%s as a page', (family) => {
  const path = `/figures/${family}?${periodOf(family)}`;

  test.each(langs)('in %s, for every role: right language and digits, the period, its charts, no console error, no serious axe violation', async (lang) => {
    const rows = {} as Record<(typeof roles)[number], Awaited<ReturnType<typeof rowsOf>>>;
    for (const role of roles) {
      const v = await visit(h, role, lang, withLang(path, lang), family);
      try {
        rows[role] = await rowsOf(v.page);
        expectReadable(v, lang, { charts: rows[role].body.length > 0, hostile: [hostile.name, hostile.nameFa] }, `${family} as ${role}`);
        if (periodOf(family) === QUARTER) expect(v.look.text).toContain(label[lang]);
        expect(await v.page.locator(`time[datetime="${firstDayOf(family)}"]`).count()).toBe(1);
      } finally {
        await v.page.close();
      }
    }
    // Who sees what: a bank its own row and the county's totals, an agency the same of its own,
    // and each only the county's totals of the other's family.
    const ownFamily = family === 'banks' ? 'bank' : family === 'agencies' ? 'agency' : undefined;
    if (ownFamily) {
      const other = ownFamily === 'bank' ? 'agency' : 'bank';
      expect(rows[ownFamily].body).toEqual([own[ownFamily][lang]]);
      expect(rows[other].body).toEqual([]);
      expect(rows.official.body).toEqual(expect.arrayContaining([own[ownFamily][lang]]));
      expect(rows.official.body.length).toBeGreaterThan(2);
      expect(rows[ownFamily].total).toEqual(rows.official.total);
      expect(rows[other].total).toEqual(rows.official.total);
    }
    expect(rows.admin).toEqual(rows.official);
  });
});

describe('the CSV link downloads the figures shown: the same numbers as the JSON of the family and period', () => {
  const cases: [string, Visitor][] = [...FAMILIES.map((family): [string, Visitor] => [family, 'official']), ['banks', 'bank'], ['agencies', 'agency']];
  test.each(cases)('/figures/%s as %s', async (family, visitor) => {
    const path = `/figures/${family}?${periodOf(family)}`;
    const { page, problems } = await open(h, visitor, 'fa', path);
    try {
      // Fetched with the context's key rather than clicked: Chromium fetches a link with the `download`
      // attribute without Playwright's extra headers, so the key is missing and the download is cancelled
      // on the 401. A browser's own credentials (a session cookie, issue 10) do go with it.
      const href = await page.locator('a[data-csv]').getAttribute('href');
      const csv = await page.request.get(new URL(href!, page.url()).href);
      expect(csv.status()).toBe(200);
      expect(csv.headers()['content-disposition']).toMatch(new RegExp(`^attachment; filename="figures-${family}-1405(-Q2)?\\.csv"$`));
      const text = await csv.text();
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const json = await (await page.request.get(path, { headers: { Accept: 'application/json' } })).json();
      const records = csvRecords(text);
      if (visitor !== 'official') expect(records.map((r) => r.organizationId)).toEqual([visitor === 'bank' ? 'org-bank-melli' : 'org-relief-committee', 'county']);
      const mismatch = compareCsvToJson(records, json);
      expect(mismatch.unmatchedRows).toEqual([]);
      expect(mismatch.unmatchedRecords).toEqual([]);
      expect(mismatch.county.csv).toEqual(mismatch.county.json);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test('the public summary’s CSV says what its JSON says, and neither names an applicant', async () => {
    const path = `/public/figures?${QUARTER}`;
    const { page, problems } = await open(h, 'public', 'en', withLang(path, 'en'));
    try {
      // Without a key a click downloads as it would for anyone.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('a[data-csv]').click()]);
      expect(await download.failure()).toBeNull();
      expect(download.suggestedFilename()).toBe('public-figures-1405-Q2.csv');
      const text = await readFile((await download.path())!, 'utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      const json = await (await page.request.get(`${path}&format=json`)).json();
      // The public CSV names its key columns group and id, and a bank's approvals `approvals`.
      const matching: Matching = { renames: { organizationId: 'id', district: 'id', kind: 'group', approved: 'approvals' }, keyColumns: ['group'] };
      const mismatch = compareCsvToJson(csvRecords(text), json, matching);
      expect(mismatch.unmatchedRows).toEqual([]);
      expect(mismatch.unmatchedRecords).toEqual([]);
      expect(mismatch.county.csv).toEqual(mismatch.county.json);
      expect(text + JSON.stringify(json)).not.toMatch(/Applicant \d|pop-1405|0013542419|\+989/);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

test.each(langs)('the page shows the JSON’s county totals exactly, rials past 2^53 included (%s)', async (lang) => {
  const path = `/figures/banks?${QUARTER}`;
  const { page } = await open(h, 'official', lang, withLang(path, lang));
  try {
    const json = await (await page.request.get(path, { headers: { Accept: 'application/json' } })).json();
    const shown = new Set((await page.locator('tfoot td').allInnerTexts()).map(plainNumber));
    const whole = wholeLeaves(json.county);
    expect(whole.some((value) => BigInt(value) > 2n ** 53n)).toBe(true);
    expect(whole.filter((value) => !shown.has(value))).toEqual([]);
  } finally {
    await page.close();
  }
});

test.each(langs)('the index in %s links every family for every role, keeping the period and the language', async (lang) => {
  for (const role of roles) {
    const v = await visit(h, role, lang, withLang(`/figures?${QUARTER}`, lang), 'index');
    try {
      expectReadable(v, lang, { charts: false, hostile: [] }, `index as ${role}`);
      const links = await v.page.locator('main a').evaluateAll((anchors) => anchors.map((a) => (a as unknown as { href: string }).href));
      for (const family of FAMILIES) {
        const link = links.find((href) => new URL(href).pathname === `/figures/${family}`);
        expect({ family, link }).toEqual({ family, link: expect.any(String) });
        const query = new URL(link!).searchParams;
        expect({ family, year: query.get('year'), quarter: query.get('quarter'), lang: query.get('lang') }).toEqual({ family, year: '1405', quarter: '2', lang: lang === 'en' ? 'en' : null });
      }
    } finally {
      await v.page.close();
    }
  }
});

test.each(langs)('the public summary in %s needs no key, has its charts and names no applicant', async (lang) => {
  const v = await visit(h, 'public', lang, withLang(`/public/figures?${QUARTER}`, lang), 'public');
  try {
    expectReadable(v, lang, { charts: true, hostile: [hostile.name, hostile.nameFa] }, 'public summary');
    expect(v.look.text).toContain(label[lang]);
    expect(v.look.text).not.toMatch(/Applicant \d|pop-1405|0013542419|\+98/);
  } finally {
    await v.page.close();
  }
});

test.each([
  ['/figures/banks', 'official'],
  ['/public/figures', 'public'],
] as const)('an organization named like markup shows as its text on %s and nothing runs', async (path, visitor) => {
  for (const lang of langs) {
    const { page, problems } = await open(h, visitor, lang, withLang(`${path}?${QUARTER}`, lang));
    try {
      const name = lang === 'fa' ? hostile.nameFa : hostile.name;
      expect(await page.locator('main th[scope="row"]', { hasText: name }).first().isVisible()).toBe(true);
      expect(await page.locator('main script, main img').count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await page.close();
    }
  }
});

test.each(['/figures/agencies', '/public/figures'])('the language link of %s leads to the other language with the same period, and back', async (path) => {
  const { page, problems } = await open(h, path.startsWith('/public') ? 'public' : 'official', 'fa', `${path}?${QUARTER}`);
  try {
    await Promise.all([page.waitForURL(/lang=en/), page.locator('a[hreflang="en"]').click()]);
    let url = new URL(page.url());
    expect({ path: url.pathname, year: url.searchParams.get('year'), quarter: url.searchParams.get('quarter'), lang: url.searchParams.get('lang') }).toEqual({ path, year: '1405', quarter: '2', lang: 'en' });
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('main').innerText()).toContain(label.en);
    await Promise.all([page.waitForURL((u) => !u.searchParams.has('lang')), page.locator('a[hreflang="fa"]').click()]);
    url = new URL(page.url());
    expect({ path: url.pathname, year: url.searchParams.get('year'), quarter: url.searchParams.get('quarter') }).toEqual({ path, year: '1405', quarter: '2' });
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('main').innerText()).toContain(label.fa);
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});

test('the period chooser works without script: a year typed in Persian digits and a quarter chosen', async () => {
  const { page, problems } = await open(h, 'official', 'fa', `/figures/districts?${QUARTER}`);
  try {
    const form = page.locator('form', { has: page.locator('[name="quarter"]') });
    await form.locator('[name="year"]').fill('۱۴۰۴');
    await form.locator('[name="quarter"]').selectOption('4');
    await Promise.all([page.waitForURL(/quarter=4/), form.locator('button[type="submit"]').click()]);
    const url = new URL(page.url());
    expect({ year: url.searchParams.get('year'), quarter: url.searchParams.get('quarter') }).toEqual({ year: '۱۴۰۴', quarter: '4' });
    expect(await page.locator('main').innerText()).toContain('سه‌ماهه چهارم ۱۴۰۴');
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});

test.each([
  ['/figures/banks', 'official'],
  ['/public/figures', 'public'],
] as const)('%s prints on A4 without its navigation and period forms', async (path, visitor) => {
  const { page, problems } = await open(h, visitor, 'fa', `${path}?${QUARTER}`);
  try {
    expect(await page.locator('nav').isVisible()).toBe(true);
    await page.emulateMedia({ media: 'print' });
    for (const selector of ['nav', 'form']) {
      const shown = await page.locator(selector).evaluateAll((nodes) => nodes.filter((n) => (n as unknown as { checkVisibility(): boolean }).checkVisibility()).length);
      expect({ selector, shown }).toEqual({ selector, shown: 0 });
    }
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
  } finally {
    await page.close();
  }
});
