import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Where every run leaves its full-page screenshots, for a person to look at (git-ignored). */
export const screenshotDir = path.resolve(__dirname, '../../../test-output/screenshots');

/** The file of a page's screenshot, e.g. banks-official-fa.png; the folder is made when first asked for. */
export function screenshotPath(name: string): string {
  mkdirSync(screenshotDir, { recursive: true });
  return path.join(screenshotDir, `${name}.png`);
}

export async function screenshot(page: Page, file: string): Promise<void> {
  await page.screenshot({ path: file, fullPage: true });
}
