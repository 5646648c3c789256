import { readFileSync } from 'node:fs';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The serious and critical accessibility violations axe-core finds on the page, one readable
 * block each; empty when there are none. The pages' CSP allows no inline script, so axe is not
 * added as a <script> tag: `page.evaluate` runs it through the DevTools protocol, which the
 * page's CSP does not govern, and the page's own policy stays as it is for everything else.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  const results = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResults;
  return results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describe);
}

const describe = (violation: Result): string =>
  [
    `${violation.impact}: ${violation.id} — ${violation.help} (${violation.helpUrl})`,
    ...violation.nodes.slice(0, 5).map((node) => `  at ${node.target.join(' ')}: ${node.failureSummary?.replaceAll('\n', ' ') ?? ''}\n    ${node.html.slice(0, 200)}`),
    ...(violation.nodes.length > 5 ? [`  … and ${violation.nodes.length - 5} more`] : []),
  ].join('\n');
