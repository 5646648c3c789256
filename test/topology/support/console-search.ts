import { randomBytes } from 'node:crypto';
import request from 'supertest';

const csrfOf = (page: string): string => {
  const found = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!found) throw new Error(`no _csrf field on the page:\n${page.slice(0, 500)}`);
  return found[1]!;
};

/**
 * The console of a running server, signed in through its forms over HTTP as a person with a
 * one-time password (changed first, as the console asks): `casesFound(q)` types `q` into the
 * search box of the cases list and answers the ids of the cases listed.
 */
export async function consoleSearch(baseUrl: string, username: string, oneTimePassword: string): Promise<(q: string) => Promise<string[]>> {
  const agent = request.agent(baseUrl);
  const form = await agent.get('/console/sign-in?lang=en').expect(200);
  await agent.post('/console/sign-in').type('form').send({ _csrf: csrfOf(form.text), username, password: oneTimePassword }).expect(303);
  const passwordForm = await agent.get('/console/password').expect(200);
  const password = randomBytes(18).toString('base64url');
  await agent
    .post('/console/password')
    .type('form')
    .send({ _csrf: csrfOf(passwordForm.text), currentPassword: oneTimePassword, newPassword: password, repeatPassword: password })
    .expect(303);
  return async (q) => {
    const page = await agent.get('/console/cases').query({ q, lang: 'en' }).expect(200);
    return [...new Set([...page.text.matchAll(/href="\/console\/cases\/([^"/?]+)"/g)].map((m) => decodeURIComponent(m[1]!)))];
  };
}
