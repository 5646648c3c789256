import type { Express } from 'express';
import request from 'supertest';

/** A supertest agent signed in to the console through its form, and what a console form must carry back. */

export type Agent = ReturnType<typeof request.agent>;

/** The hidden `_csrf` of the first form on a page. */
export const csrfOf = (page: string): string => {
  const found = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!found) throw new Error(`no _csrf field on the page:\n${page.slice(0, 500)}`);
  return found[1]!;
};

/** Signs in through the real form; the answer is the form's own (a redirect when the password was right). */
export async function signIn(app: Express, username: string, password: string, lang: 'fa' | 'en' = 'en') {
  const agent = request.agent(app);
  const form = await agent.get(`/console/sign-in?lang=${lang}`).expect(200);
  const answer = await agent.post('/console/sign-in').type('form').send({ _csrf: csrfOf(form.text), username, password });
  return { agent, answer };
}

/** A signed-in agent and its session's CSRF token (read from a page every signed-in person may open). */
export async function consoleAgent(app: Express, username: string, password: string, lang: 'fa' | 'en' = 'en'): Promise<{ agent: Agent; csrf: string }> {
  const { agent, answer } = await signIn(app, username, password, lang);
  if (answer.status !== 303) throw new Error(`${username} could not sign in: ${answer.status}`);
  const page = await agent.get('/console/password').expect(200);
  return { agent, csrf: csrfOf(page.text) };
}

/** The one-time password or key an answer page shows once. */
export const secretOf = (page: string): string => {
  const found = /<code dir="ltr" lang="en">([^<]+)<\/code>/.exec(page);
  if (!found) throw new Error('no secret on the page');
  return found[1]!;
};

/** The text of the page's field-by-field errors, by field id. */
export const fieldErrorsOf = (page: string): Record<string, string> =>
  Object.fromEntries([...page.matchAll(/id="field-([\w-]+)-error"[^>]*>([^<]*)</g)].map((m) => [m[1]!, m[2]!]));

/** The hidden `formId` of a step's form on a case page: its Update id, one per rendered form. */
export const formIdOf = (page: string, segment: string): string => {
  const found = new RegExp(`action="/console/cases/[^"]+/steps/${segment}"[^>]*>\\s*<input type="hidden" name="_csrf" value="[^"]+">\\s*<input type="hidden" name="formId" value="([^"]+)"`).exec(page);
  if (!found) throw new Error(`no form for ${segment} on the page`);
  return found[1]!;
};

/**
 * A file's signed-in people: one agent per person, language and app, signed in on first use
 * (`app()` is read then, since the harness starts in beforeAll).
 */
export function signedInAgents(app: () => Express, password: string) {
  const agents = new Map<Express, Map<string, Promise<Agent>>>();
  return (username: string, lang: 'fa' | 'en' = 'en', on: Express = app()): Promise<Agent> => {
    const ofApp = agents.get(on) ?? new Map<string, Promise<Agent>>();
    agents.set(on, ofApp);
    const key = `${username}/${lang}`;
    if (!ofApp.has(key)) ofApp.set(key, consoleAgent(on, username, password, lang).then(({ agent }) => agent));
    return ofApp.get(key)!;
  };
}
