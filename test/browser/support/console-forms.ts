import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from './axe';
import { watchProblems } from './page-problems';
import { screenshot, screenshotPath } from './screenshots';

/** A console page opened in a signed-in context, with what its browser complained about. */
export interface OpenPage {
  page: Page;
  problems: string[];
}

export async function openPage(context: BrowserContext, path: string): Promise<OpenPage & { status: number | undefined }> {
  const page = await context.newPage();
  const { problems } = watchProblems(page);
  const response = await page.goto(path, { waitUntil: 'load' });
  return { page, problems, status: response?.status() };
}

/**
 * What every console page must be: its language and direction, no script, no serious axe
 * violation; and a full-page screenshot under `name` for a person to look at.
 */
export async function checkPage(page: Page, name: string): Promise<{ lang: string | null; dir: string | null; scripts: number; violations: string[] }> {
  await page.evaluate('document.fonts.ready.then(() => true)');
  const facts = (await page.evaluate(
    '({ lang: document.documentElement.lang, dir: document.documentElement.dir, scripts: document.scripts.length })',
  )) as { lang: string | null; dir: string | null; scripts: number };
  const violations = await seriousViolations(page);
  await screenshot(page, screenshotPath(name));
  return { ...facts, violations };
}

/** Fills a form's fields by their ids (`field-approve-amount`): text, textareas, selects and checkboxes. */
export async function fillForm(page: Page, fields: Record<string, string | boolean>): Promise<void> {
  for (const [id, value] of Object.entries(fields)) {
    const input = page.locator(`[id="${id}"]`);
    if ((await page.locator(`select[id="${id}"]`).count()) > 0) await input.selectOption(String(value));
    else if ((await page.locator(`input[type="checkbox"][id="${id}"]`).count()) > 0) await input.setChecked(value === true);
    else await input.fill(String(value));
  }
}

/** Sends the form whose action ends with `action` and waits for the page it leads to. */
export async function send(page: Page, action: string, arrivesAt: (url: URL) => boolean): Promise<void> {
  await Promise.all([page.waitForURL(arrivesAt), page.locator(`form[action$="${action}"] button[type="submit"]`).click()]);
  await page.waitForLoadState('load');
}

/** The text a person reads in <main>. */
export const mainText = async (page: Page): Promise<string> => String(await page.evaluate("document.querySelector('main')?.innerText ?? ''"));

/** The problems a page had besides the refusals it was meant to answer (`status` for a POST to a path matching `path`). */
export const besidesRefusals = (problems: string[], status: number, path: RegExp): string[] =>
  problems.filter((problem) => {
    const url = /^HTTP (\d+): POST (\S+)$/.exec(problem) ?? /^console error: Failed to load resource: the server responded with a status of (\d+) .*\((\S+)\)$/.exec(problem);
    return !(url && Number(url[1]) === status && path.test(new URL(url[2]!).pathname));
  });
