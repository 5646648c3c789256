import type { Page } from 'playwright-core';
import type { Lang } from './browser-harness';
import type { Visit } from './visit';

/**
 * What every figures page must be, in one comparison so that a failure shows the page and
 * everything wrong with it at once: a 200 HTML answer in the language asked for (lang, dir, its
 * own digits only), one h1 and one main, no script, labelled charts, captioned tables with
 * scoped headers, a link to the other language, no console error and no serious axe violation.
 * `hostile` texts are data, not the page's words: their digits do not count; nor do those of an
 * identifier a machine reads (a census sheet `CN95_…_01`), which stay as they are written.
 */
export function expectReadable(v: Visit, lang: Lang, { charts, hostile }: { charts: boolean; hostile: string[] }, where: string): void {
  const { look } = v;
  const text = hostile.reduce((rest, name) => rest.replaceAll(name, ''), look.text);
  const foreignDigits = lang === 'fa' ? /.{0,24}(?<![A-Za-z_0-9])[0-9]+(?![A-Za-z_0-9]).{0,24}/g : /.{0,24}[۰-۹٠-٩].{0,24}/g;
  const facts = {
    where,
    status: v.response?.status(),
    type: v.response?.headers()['content-type']?.split(';')[0],
    lang: look.lang,
    dir: look.dir,
    h1: look.h1,
    main: look.main,
    scripts: look.scripts,
    ownDigits: (lang === 'fa' ? /[۰-۹]/ : /[0-9]/).test(text),
    foreignDigits: text.match(foreignDigits),
    someChart: look.charts.length > 0,
    charts: look.charts,
    tables: look.tables,
    otherLanguage: look.otherLanguage !== null,
    problems: v.problems,
    violations: v.violations,
  };
  expect(facts).toEqual({
    where,
    status: 200,
    type: 'text/html',
    lang,
    dir: lang === 'fa' ? 'rtl' : 'ltr',
    h1: 1,
    main: 1,
    scripts: 0,
    ownDigits: true,
    foreignDigits: null,
    someChart: charts ? true : expect.any(Boolean),
    charts: look.charts.map(() => ({ captioned: true, label: expect.stringMatching(/\S/) })),
    tables: look.tables.map(() => ({ caption: expect.stringMatching(/\S/), unscopedHeaders: 0 })),
    otherLanguage: true,
    problems: [],
    violations: [],
  });
}

/** The first table's row headers (organizations, categories…) and its county total line. */
export async function rowsOf(page: Page): Promise<{ body: string[]; total: string }> {
  const table = page.locator('main table').first();
  if ((await table.count()) === 0) return { body: [], total: '' };
  return {
    body: (await table.locator('tbody th[scope="row"]').allInnerTexts()).map((t) => t.trim()),
    total: (await table.locator('tfoot').allInnerTexts()).join('\n').trim(),
  };
}

/** The whole numbers of a figures row (counts, and rials as strings of digits), as text. */
export function wholeLeaves(row: object): string[] {
  return Object.values(row).flatMap((value): string[] => {
    if (value !== null && typeof value === 'object') return wholeLeaves(value);
    if (typeof value === 'number' && Number.isInteger(value)) return [String(value)];
    return typeof value === 'string' && /^\d+$/.test(value) ? [value] : [];
  });
}

/** Persian (or Arabic-Indic) digits and separators to a plain number string: «۱۲٬۳۴۵» → "12345". */
export const plainNumber = (text: string): string =>
  text.replace(/[۰-۹]/g, (d) => String(d.charCodeAt(0) - 0x6f0)).replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660)).replace(/[,٬\s\u200e\u200f]/g, '');
