import type { Page } from 'playwright-core';

/**
 * Every Content-Security-Policy violation the page's document reports, as "directive blocked"
 * lines. The listener is added through the DevTools protocol before the page's own scripts run,
 * so the policy under test does not govern it, and it sees what a console message may not say
 * (a blocked style attribute, an eval caught by the script that tried it).
 */
export async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(`
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(e.effectiveDirective + ' ' + (e.blockedURI || '(inline)') + ' at ' + e.sourceFile + ':' + e.lineNumber);
    });
  `);
  return async () => (await page.evaluate('window.__cspViolations ?? []')) as string[];
}
