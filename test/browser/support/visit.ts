import { createHash } from 'node:crypto';
import { copyFile } from 'node:fs/promises';
import type { Page, Response } from 'playwright-core';
import { seriousViolations } from './axe';
import type { BrowserHarness, Lang, Visitor } from './browser-harness';
import { watchProblems } from './page-problems';
import { screenshot, screenshotPath } from './screenshots';

/** What every figures page must be, whoever looks at it and in either language. */
export interface PageLook {
  /** The <html> element's lang and dir. */
  lang: string | null;
  dir: string | null;
  h1: number;
  main: number;
  /** The text a person reads in <main>. */
  text: string;
  /** Charts: inline SVG in a <figure> with a <figcaption>, and a text alternative. */
  charts: { captioned: boolean; label: string | null }[];
  /** Tables: a caption, and every header cell scoped. */
  tables: { caption: string; unscopedHeaders: number }[];
  /** Scripts of any kind in the document: the pages have none. */
  scripts: number;
  /** The link to the same page in the other language. */
  otherLanguage: string | null;
  csvLink: string | null;
}

// Run in the page; a string, because this project's types do not include the DOM.
const LOOK = `(() => {
  const other = document.documentElement.lang === 'fa' ? 'en' : 'fa';
  return {
    lang: document.documentElement.getAttribute('lang'),
    dir: document.documentElement.getAttribute('dir'),
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main').length,
    text: document.querySelector('main')?.innerText ?? '',
    charts: [...document.querySelectorAll('svg')].map((svg) => ({
      captioned: !!svg.closest('figure')?.querySelector(':scope > figcaption'),
      label: svg.getAttribute('role') === 'img' ? svg.getAttribute('aria-label') : null,
    })),
    tables: [...document.querySelectorAll('table')].map((table) => ({
      caption: table.querySelector(':scope > caption')?.textContent?.trim() ?? '',
      unscopedHeaders: [...table.querySelectorAll('th')].filter((th) => !th.hasAttribute('scope')).length,
    })),
    scripts: document.scripts.length,
    otherLanguage: document.querySelector('a[hreflang="' + other + '"]')?.href ?? null,
    csvLink: document.querySelector('a[data-csv]')?.href ?? null,
  };
})()`;

export const lookOf = async (page: Page): Promise<PageLook> => (await page.evaluate(LOOK)) as PageLook;

export interface Visit {
  page: Page;
  response: Response | null;
  look: PageLook;
  /** Serious and critical axe violations, readable. */
  violations: string[];
  /** Console errors, failed requests, dialogs: whatever happened while the page loaded and was scanned. */
  problems: string[];
  screenshot: string;
}

/**
 * What was found on each distinct document: the same markup (an admin's page and an official's,
 * a category page every role sees whole) scans and looks the same, so it is scanned and shot once
 * and its screenshot copied under the other visitor's name.
 */
const scanned = new Map<string, { violations: string[]; screenshot: string }>();

/** Loads a page as a visitor, reads what it shows, scans it with axe and takes its full-page screenshot. */
export async function visit(h: BrowserHarness, visitor: Visitor, lang: Lang, path: string, name: string): Promise<Visit> {
  const page = await (await h.context(visitor, lang)).newPage();
  const { problems } = watchProblems(page);
  const response = await page.goto(path, { waitUntil: 'load' });
  // Web fonts may still be loading at `load`; the screenshot and the contrast checks want the real glyphs.
  await page.evaluate('document.fonts.ready.then(() => true)');
  const look = await lookOf(page);
  // ECharts numbers its renderers and their classes (class="zr3-cls-1"); the count is no part of what the page is.
  const html = String(await page.evaluate('document.documentElement.outerHTML')).replace(/\bzr\d+-([a-z]+)-\d+/g, 'zr-$1');
  const markup = createHash('sha256').update(html).digest('hex');
  const file = screenshotPath(`${name}-${visitor}-${lang}`);
  const earlier = scanned.get(markup);
  if (earlier) {
    await copyFile(earlier.screenshot, file);
    return { page, response, look, violations: earlier.violations, problems, screenshot: file };
  }
  const violations = await seriousViolations(page);
  await screenshot(page, file);
  scanned.set(markup, { violations, screenshot: file });
  return { page, response, look, violations, problems, screenshot: file };
}

/** A page opened for a closer look, without the scan and screenshot every page gets once. */
export async function open(h: BrowserHarness, visitor: Visitor, lang: Lang, path: string): Promise<{ page: Page; response: Response | null; problems: string[] }> {
  const page = await (await h.context(visitor, lang)).newPage();
  const { problems } = watchProblems(page);
  const response = await page.goto(path);
  if (response?.status() !== 200) throw new Error(`${path} as ${visitor}: HTTP ${response?.status()} ${(await response?.text())?.slice(0, 300)}`);
  return { page, response, problems };
}
