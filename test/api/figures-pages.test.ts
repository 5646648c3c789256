import request from 'supertest';
import { type ApiHarness, as, startApiHarness } from './support/api-harness';
import { seedPopulation } from './support/figures/population';

/**
 * The figures pages at the HTTP level (the browser tests drive the same pages in Chromium):
 * HTML when asked for and JSON/CSV as before otherwise, Persian by default and English on
 * request, every organization name escaped, no script allowed, and a public summary that
 * shows no applicant.
 */

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const HOSTILE = { en: 'Bank <script>alert(1)</script> "Quoted" & Sons', fa: 'بانک <img src=x onerror=alert(2)> «نقل» & شرکا' };

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
  const { prisma } = api.harness;
  await prisma.organization.createMany({
    data: [
      { id: 'org-bank-hostile', kind: 'bank', name: HOSTILE.en, nameFa: HOSTILE.fa },
      { id: 'org-alavi', kind: 'support_institution', name: 'Alavi Foundation', nameFa: 'بنیاد علوی' },
    ],
  });
  await seedPopulation(prisma, { agencies: ['org-relief-committee', 'org-welfare', 'org-alavi'], banks: ['org-bank-melli', 'org-bank-sepah', 'org-bank-hostile'] }, 150, 1405);
}, 120_000);
afterAll(async () => {
  await api?.stop();
});

const page = (caller: 'official' | 'bank' | 'agency', path: string) => as(api, caller).get(path).set('Accept', BROWSER_ACCEPT);
/** The text of the cells that hold numbers. */
const numberCells = (text: string): string[] => [...text.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((m) => m[1]!);

describe('a family of figures as a page', () => {
  test('a browser gets /figures/banks in Persian: right to left, Persian digits and the Jalali quarter, charts as SVG, a CSV link', async () => {
    const res = await page('official', '/figures/banks?year=1405&quarter=2');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<html lang="fa" dir="rtl">');
    expect(res.text.match(/<h1>/g)).toHaveLength(1);
    expect(res.text).toContain('<main id="main">');
    expect(res.text).toContain('سه‌ماهه دوم ۱۴۰۵');
    // The quarter's first and last day, Jalali and Gregorian.
    expect(res.text).toContain('۱ تیر ۱۴۰۵');
    expect(res.text).toContain('۳۱ شهریور ۱۴۰۵');
    expect(res.text).toContain('<time dir="ltr" datetime="2026-06-22">۲۰۲۶-۰۶-۲۲</time>');
    const cells = numberCells(res.text);
    expect(cells.length).toBeGreaterThan(20);
    for (const cell of cells) expect(cell).toMatch(/^[۰-۹٬٫]+$/);
    // Some sum of rials is large enough to be grouped with the Persian separator.
    expect(cells.some((cell) => /^[۰-۹]{1,3}(٬[۰-۹]{3}){4,}$/.test(cell))).toBe(true);
    expect(res.text).toMatch(/<svg role="img" aria-label="[^"]+"/);
    expect(res.text).toMatch(/<figure class="chart">\s*<figcaption>/);
    expect(res.text).toMatch(/<a data-csv href="\/figures\/banks\?year=1405&amp;quarter=2&amp;format=csv"/);
    expect(res.text).toMatch(/<a href="\/figures\/banks\?year=1405&amp;quarter=2&amp;lang=en" hreflang="en" lang="en">English<\/a>/);
    expect(res.text).toMatch(/<th scope="col">/);
    expect(res.text).toMatch(/<caption>/);
  });

  test('?lang=en gives the English page: left to right, Latin digits, "1405 Q2" with the Gregorian dates, a link back to Persian', async () => {
    const res = await as(api, 'official').get('/figures/banks?year=1405&quarter=2&format=html&lang=en');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<html lang="en" dir="ltr">');
    expect(res.text).toContain('1405 Q2');
    expect(res.text).toContain('Tir 1, 1405');
    expect(res.text).toContain('<time dir="ltr" datetime="2026-09-22">2026-09-22</time>');
    for (const cell of numberCells(res.text)) expect(cell).toMatch(/^[0-9,.]+$/);
    expect(res.text).toMatch(/<a href="\/figures\/banks\?year=1405&amp;quarter=2&amp;format=html" hreflang="fa" lang="fa">فارسی<\/a>/);
  });

  test('organization names are escaped everywhere, in tables and in the SVG charts', async () => {
    for (const lang of ['fa', 'en']) {
      const res = await page('official', `/figures/banks?year=1405&lang=${lang}`);
      expect(res.status).toBe(200);
      expect(res.text).not.toMatch(/<script|<img|onerror=alert\(2\)>/);
      const escaped = lang === 'en' ? 'Bank &lt;script&gt;alert(1)&lt;/script&gt; &quot;Quoted&quot; &amp; Sons' : 'بانک &lt;img src=x onerror=alert(2)&gt; «نقل» &amp; شرکا';
      // Once in the table's row header, once in the chart's axis.
      expect(res.text.split(escaped).length - 1).toBeGreaterThanOrEqual(2);
    }
  });

  test('the page allows no script and no inline style: CSP, and the markup itself', async () => {
    const res = await page('official', '/figures/districts?year=1405');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.text).not.toMatch(/<script|<style|\sstyle="|\son[a-z]+=/i);
    expect(res.text).toContain('<link rel="stylesheet" href="/assets/figures.css">');
  });

  test('every family is a page, a family without its own layout too, and /figures links them all', async () => {
    const index = await page('official', '/figures?year=1405');
    expect(index.status).toBe(200);
    const families = [...index.text.matchAll(/<li><a href="\/figures\/([a-z-]+)\?year=1405">/g)].map((m) => m[1]);
    expect(families).toEqual(expect.arrayContaining(['banks', 'agencies', 'categories', 'districts']));
    for (const family of families) {
      const res = await page('official', `/figures/${family}?year=1405`);
      expect({ family, status: res.status }).toEqual({ family, status: 200 });
      expect(res.text).toContain('<table>');
      expect(res.text).toContain('جمع شهرستان');
    }
    const json = await as(api, 'official').get('/figures');
    expect(json.type).toBe('application/json');
    expect(json.body.families).toContainEqual({ family: 'banks', href: '/figures/banks' });
  });

  test('the period chooser is a plain GET form whose every field has a label, and what it sends (empty fields, Persian digits) is understood', async () => {
    const res = await page('official', '/figures/agencies?year=1405&month=3');
    const forms = res.text.match(/<form method="get" action="\/figures\/agencies"/g);
    expect(forms).toHaveLength(2);
    const ids = [...res.text.matchAll(/<(?:input|select) id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['period-year', 'period-quarter', 'period-month', 'period-from', 'period-to']);
    for (const id of ids) expect(res.text).toContain(`<label for="${id}">`);
    expect(res.text).toContain('value="۱۴۰۵"');
    expect(res.text).toContain('<option value="3" selected>خرداد</option>');
    const sent = await page('official', `/figures/agencies?year=${encodeURIComponent('۱۴۰۵')}&quarter=2&month=`);
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('سه‌ماهه دوم ۱۴۰۵');
  });

  test('the listing filters are the JSON’s: the page says what it counts and its forms keep them', async () => {
    const res = await page('official', '/figures/categories?year=1405&district=shalman');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<strong>فقط:</strong> بخش: شلمان');
    expect(res.text.match(/<input type="hidden" name="district" value="shalman">/g)).toHaveLength(2);
    expect(res.text).toMatch(/<a data-csv href="\/figures\/categories\?year=1405&amp;district=shalman&amp;format=csv"/);
  });

  test('a bank sees its own row and the county total on the page, as in the JSON', async () => {
    const res = await page('bank', '/figures/banks?year=1405');
    expect(res.status).toBe(200);
    expect(res.text).toContain('بانک ملی');
    expect(res.text).not.toContain('بانک سپه');
    expect(res.text).toContain('جمع شهرستان');
  });
});

describe('JSON and CSV stay as they were', () => {
  test('without Accept text/html or ?format=html the answer is JSON, and ?format=csv CSV', async () => {
    const plain = await as(api, 'official').get('/figures/banks?year=1405');
    expect(plain.type).toBe('application/json');
    // One URL, two representations: caches keep them apart.
    expect(plain.headers.vary).toMatch(/\bAccept\b/);
    const anything = await as(api, 'official').get('/figures/banks?year=1405').set('Accept', '*/*');
    expect(anything.type).toBe('application/json');
    expect(anything.body).toEqual(plain.body);
    const csv = await page('official', '/figures/banks?year=1405&format=csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const json = await page('official', '/figures/banks?year=1405&format=json');
    expect(json.body).toEqual(plain.body);
  });

  test('`lang` is a page parameter only: JSON refuses it as an unknown parameter', async () => {
    const res = await as(api, 'official').get('/figures/banks?lang=en');
    expect(res.status).toBe(422);
    expect(res.type).toBe('application/problem+json');
  });
});

describe('refused page requests', () => {
  test.each([
    ['quarter=9&year=1405', 'quarter'],
    ['year=1405&from=2026-01-01&to=2026-02-01', 'year'],
    ['year=1405&lang=de', 'lang'],
    ['year=1405&colour=red', 'colour'],
  ])('?%s answers 422 as a page naming %s, and as problem+json to JSON clients', async (query, field) => {
    const html = await page('official', `/figures/banks?${query}`);
    expect(html.status).toBe(422);
    expect(html.type).toBe('text/html');
    expect(html.text).toContain('<html lang="fa" dir="rtl">');
    expect(html.text).toContain(`<code lang="en" dir="ltr">${field}</code>`);
    const json = await as(api, 'official').get(`/figures/banks?${query}`);
    expect(json.status).toBe(422);
    expect(json.type).toBe('application/problem+json');
  });

  test('without a key the page is refused as the JSON is', async () => {
    const res = await request(api.app).get('/figures/banks').set('Accept', BROWSER_ACCEPT);
    expect(res.status).toBe(401);
  });
});

describe('the public summary', () => {
  test('answers a Persian page without a key, JSON and CSV on request', async () => {
    const res = await request(api.app).get('/public/figures?year=1405').set('Accept', BROWSER_ACCEPT);
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    expect(res.text).toContain('<html lang="fa" dir="rtl">');
    expect(res.text).toMatch(/<a data-csv href="\/public\/figures\?year=1405&amp;format=csv"/);
    expect(res.text).toContain('<svg role="img"');
    expect((await request(api.app).get('/public/figures')).type).toBe('text/html');
    const json = await request(api.app).get('/public/figures?year=1405&format=json');
    expect(json.type).toBe('application/json');
    expect(json.body.banks.map((b: { organizationId: string }) => b.organizationId)).toEqual(['org-bank-hostile', 'org-bank-melli', 'org-bank-sepah']);
    expect(BigInt(json.body.county.approvedAmount)).toBeGreaterThan(0n);
    const csv = await request(api.app).get('/public/figures?year=1405&format=csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.text.split('\r\n')[0]).toBe('\uFEFFgroup,id,name,nameFa,referred,submitted,applications,approvals,approvedAmount,paidAmount,rejected,jobsPromised,jobsConfirmed');
  });

  test('shows no applicant: no name, national id, phone, application id or agency reference, in any format or language', async () => {
    const applications = await api.harness.prisma.application.findMany({ select: { id: true, agencyReference: true } });
    expect(applications.length).toBeGreaterThanOrEqual(150);
    const answers = await Promise.all(
      ['format=json', 'format=csv', 'lang=fa', 'lang=en'].map((q) => request(api.app).get(`/public/figures?year=1405&${q}`).set('Accept', BROWSER_ACCEPT)),
    );
    for (const { status, text } of answers) {
      expect(status).toBe(200);
      expect(text).not.toMatch(/Applicant \d|0013542419|989111234567|pop-1405-|POP-\d/);
    }
    // Nor a field that could carry one, in what machines read.
    const [json, csv] = answers;
    expect(JSON.stringify(json!.body)).not.toMatch(/applicant|nationalId|fullName|phone|address|applicationId/i);
    expect(csv!.text.split('\r\n')[0]).not.toMatch(/applicant|nationalId|fullName|phone|address|applicationId/i);
  });
});

describe('assets served by the app', () => {
  test('the stylesheet, with print rules for A4', async () => {
    const res = await request(api.app).get('/assets/figures.css');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.text).toContain('@page { size: A4;');
    expect(res.text).toMatch(/@media print \{[\s\S]*\.period-chooser, form[\s\S]*break-inside: avoid/);
    expect(res.text).toContain('url("/assets/fonts/Vazirmatn-Regular.woff2") format("woff2")');
  });

  test.each(['Vazirmatn-Regular.woff2', 'Vazirmatn-Bold.woff2'])('the font %s, from the vazirmatn package', async (file) => {
    const res = await request(api.app).get(`/assets/fonts/${file}`).buffer(true);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('font/woff2');
    expect(res.headers['cache-control']).toBe('public, max-age=2592000');
    expect((res.body as Buffer).subarray(0, 4).toString('latin1')).toBe('wOF2');
  });

  test('a file that is not there is a 404', async () => {
    expect((await request(api.app).get('/assets/fonts/nothing.woff2')).status).toBe(404);
  });
});
