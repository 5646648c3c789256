import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext } from 'playwright-core';
import { type ApiHarness, type Person, startApiHarness } from '../../api/support/api-harness';
import type { HarnessOptions } from '../../support/harness';
import { launchChromium } from './chromium';

/** Who looks at a page: a caller with its API key, or anyone without one. */
export type Visitor = 'official' | 'admin' | 'bank' | 'agency' | 'otherBank' | 'otherAgency' | 'public';
export type Lang = 'fa' | 'en';

const locales: Record<Lang, string> = { fa: 'fa-IR', en: 'en-GB' };

/** The API harness served on a real port, and one Chromium for the whole test file. */
export interface BrowserHarness {
  api: ApiHarness;
  baseUrl: string;
  browser: Browser;
  /** A context per visitor and language, made once: the visitor's key on every request, the language's locale. */
  context(visitor: Visitor, lang: Lang): Promise<BrowserContext>;
  /**
   * A context per person and language, signed in to the console through its sign-in form (no
   * API key): the session cookie it got rides on every page. The language is the console's
   * own choice (its cookie), set by one click on the language link.
   */
  signedIn(person: Exclude<Visitor, 'public'>, lang: Lang): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/** `options` go to the API harness (an escalation policy, a mailer) for pages that need deadlines and notices. */
export async function startBrowserHarness(options: HarnessOptions = {}): Promise<BrowserHarness> {
  const [api, browser] = await Promise.allSettled([startApiHarness(options), launchChromium()]);
  if (api.status === 'rejected' || browser.status === 'rejected') {
    await Promise.allSettled([api.status === 'fulfilled' && api.value.stop(), browser.status === 'fulfilled' && browser.value.close()]);
    throw api.status === 'rejected' ? api.reason : (browser as PromiseRejectedResult).reason;
  }
  // A page pulls its stylesheet and fonts too, all from one address: the default limits are for clients, not for this.
  const app = api.value.appWith({ rateLimit: { limit: 100_000, unauthenticatedLimit: 100_000 } });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  // Playwright's request context reuses idle sockets and does not retry: with Node's 5 s default, a
  // request sent as the server closes its socket fails with ECONNRESET on a slow, loaded run.
  server.keepAliveTimeout = 120_000;
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const contexts = new Map<string, Promise<BrowserContext>>();
  const context = (visitor: Visitor, lang: Lang): Promise<BrowserContext> => {
    const name = `${visitor}-${lang}`;
    let made = contexts.get(name);
    if (!made) {
      const headers: Record<string, string> = visitor === 'public' ? {} : { Authorization: `Bearer ${api.value.keys[visitor]}` };
      made = browser.value.newContext({ baseURL: baseUrl, extraHTTPHeaders: headers, locale: locales[lang], acceptDownloads: true });
      contexts.set(name, made);
    }
    return made;
  };

  const sessions = new Map<string, Promise<BrowserContext>>();
  const signedIn = (person: Exclude<Visitor, 'public'>, lang: Lang): Promise<BrowserContext> => {
    const name = `${person}-${lang}`;
    let made = sessions.get(name);
    if (!made) {
      made = signInThroughTheForm(browser.value, baseUrl, api.value.people[person], lang);
      sessions.set(name, made);
    }
    return made;
  };

  return {
    api: api.value,
    baseUrl,
    browser: browser.value,
    context,
    signedIn,
    async stop() {
      await browser.value.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await api.value.stop();
    },
  };
}

/** Signs a person in through the console's own form, in the language asked for. */
export async function signInThroughTheForm(browser: Browser, baseUrl: string, person: Person, lang: Lang): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: baseUrl, locale: locales[lang], acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`/console/sign-in?lang=${lang}`);
  await page.fill('#field-username', person.username);
  await page.fill('#field-password', person.password);
  await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/sign-in')), page.click('form[action="/console/sign-in"] button[type="submit"]')]);
  await page.close();
  return context;
}
