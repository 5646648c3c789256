import type { Page } from 'playwright-core';

/**
 * Everything a visitor's browser would complain about on a page: console errors (a blocked
 * script or style, a resource that failed to load), uncaught exceptions, requests that failed
 * or answered 4xx/5xx, and any dialog (a script that ran where only text should be).
 */
export function watchProblems(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url } = message.location();
    // Chromium asks for /favicon.ico by itself, once per context and after the page's load, so its
    // 404 shows only when the answer beats the page's closing: not the page's error, and not a steady one.
    if (url && new URL(url).pathname === '/favicon.ico') return;
    problems.push(`console error: ${message.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Aborted is the browser's own doing, not the page's: a link answered as an attachment becomes a
    // download, and a form sent while the page still fetched its icon leaves that fetch behind.
    // (A blocked or refused resource fails with another error, and a 4xx or 5xx is caught below.)
    if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
  });
  page.on('dialog', (dialog) => {
    problems.push(`dialog (${dialog.type()}): ${dialog.message()}`);
    void dialog.dismiss();
  });
  return { problems };
}
