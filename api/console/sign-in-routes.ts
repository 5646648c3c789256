import { randomBytes } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';
import { html } from '../pages/html';
import { sendPage } from '../pages/page-requests';
import { consolePage, errorSummary, type FieldError, homeOf } from './console-layout';
import { requireCsrf, requireSession } from './console-session';
import { consoleView, type ConsoleView, personOf, sessionOf } from './console-view';
import { hashPassword, MAX_PASSWORD_LENGTH, passwordFault, passwordMatches } from './passwords';
import { clearCookie, cookiesOf, endSession, endSessionsOf, sameSecret, SESSION_COOKIE, type SessionPolicy, setCookie, startSession } from './sessions';
import { checkSignIn } from './sign-in-check';

// Before there is a session, the sign-in form's CSRF token is a cookie repeated in the form.
const SIGN_IN_COOKIE = 'console_sign_in';

const field = (body: unknown, name: string): string => {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
};

/** Sign-in, sign-out and the password change. */
export function signInRoutes(prisma: PrismaClient, policy: SessionPolicy): Router {
  const router = Router();

  router.get('/sign-in', (req, res) => {
    const view = consoleView(req, res);
    const notice = req.query.signedOut ? view.words.signIn.signedOut : req.query.expired ? view.words.signIn.expired : undefined;
    showSignIn(req, res, view, { notice });
  });

  router.post('/sign-in', async (req, res) => {
    const view = consoleView(req, res);
    const expected = cookiesOf(req)[SIGN_IN_COOKIE] ?? '';
    const sent = field(req.body, '_csrf');
    if (!expected || !sameSecret(sent, expected)) {
      return showSignIn(req, res, view, { status: 403, error: view.words.errors.csrf });
    }
    const username = field(req.body, 'username').trim().toLowerCase();
    const password = field(req.body, 'password');
    if (!username || !password || password.length > MAX_PASSWORD_LENGTH) return showSignIn(req, res, view, { status: 401, error: view.words.signIn.wrong, username });
    const outcome = await checkSignIn(prisma, username, password);
    if (!outcome.ok) {
      const error = outcome.reason === 'locked' ? view.words.signIn.locked(Math.ceil((outcome.until.getTime() - Date.now()) / 60_000)) : view.words.signIn.wrong;
      return showSignIn(req, res, view, { status: outcome.reason === 'locked' ? 429 : 401, error, username });
    }
    // A new session id at every sign-in: a cookie planted before it opens nothing.
    const old = cookiesOf(req)[SESSION_COOKIE];
    if (old) await endSession(prisma, old);
    const session = await startSession(prisma, outcome.user.id, policy);
    setCookie(req, res, SESSION_COOKIE, session.token);
    clearCookie(req, res, SIGN_IN_COOKIE);
    res.redirect(303, outcome.user.mustChangePassword ? '/console/password' : homeOf(outcome.user.role));
  });

  const signedIn = [requireSession(prisma, policy), requireCsrf];

  router.post('/sign-out', ...signedIn, async (req, res) => {
    await endSession(prisma, sessionOf(res)!.sessionToken);
    clearCookie(req, res, SESSION_COOKIE);
    res.redirect(303, '/console/sign-in?signedOut=1');
  });

  router.get('/password', ...signedIn, (req, res) => showPasswordForm(res, consoleView(req, res), []));

  router.post('/password', ...signedIn, async (req, res) => {
    const view = consoleView(req, res);
    const person = personOf(res);
    const words = view.words.password;
    const current = field(req.body, 'currentPassword');
    const next = field(req.body, 'newPassword');
    const errors: FieldError[] = [];
    const user = await prisma.user.findUniqueOrThrow({ where: { id: person.userId } });
    if (!user.passwordHash || !(await passwordMatches(user.passwordHash, current))) errors.push({ field: 'currentPassword', label: words.current, message: words.wrongCurrent });
    const fault = passwordFault(next, person.username);
    if (fault) errors.push({ field: 'newPassword', label: words.next, message: fault });
    else if (next === current) errors.push({ field: 'newPassword', label: words.next, message: 'must differ from the current password' });
    if (next !== field(req.body, 'repeatPassword')) errors.push({ field: 'repeatPassword', label: words.repeat, message: words.mismatch });
    if (errors.length > 0) return showPasswordForm(res, view, errors, 422);
    await prisma.user.update({ where: { id: person.userId }, data: { passwordHash: await hashPassword(next), mustChangePassword: false } });
    // Other sessions of this person end: whoever else knew the old password is out.
    await endSessionsOf(prisma, person.userId, sessionOf(res)!.sessionToken);
    res.redirect(303, homeOf(person.role));
  });

  return router;
}

function showSignIn(req: Request, res: Response, view: ConsoleView, options: { status?: number; error?: string | undefined; notice?: string | undefined; username?: string }): void {
  const token = randomBytes(32).toString('base64url');
  setCookie(req, res, SIGN_IN_COOKIE, token);
  const words = view.words.signIn;
  const main = html`<h1>${words.title}</h1>
${options.notice ? html`<p class="notice" role="status">${options.notice}</p>` : ''}
${options.error ? html`<div class="error-summary" role="alert"><p>${options.error}</p></div>` : ''}
<p>${words.intro}</p>
<form method="post" action="/console/sign-in" class="console-form">
<input type="hidden" name="_csrf" value="${token}">
<div class="field"><label for="field-username">${words.username}</label>
<input id="field-username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" dir="ltr" required value="${options.username ?? ''}"></div>
<div class="field"><label for="field-password">${words.password}</label>
<input id="field-password" name="password" type="password" autocomplete="current-password" dir="ltr" required></div>
<button type="submit">${words.submit}</button>
</form>`;
  sendPage(res, consolePage(view, words.title, main), options.status ?? 200);
}

function showPasswordForm(res: Response, view: ConsoleView, errors: FieldError[], status = 200): void {
  const words = view.words.password;
  const invalid = (name: string) => errors.find((e) => e.field === name);
  const input = (name: string, label: string, autocomplete: string, hint?: string) => {
    const error = invalid(name);
    return html`<div class="field${error ? ' field-error' : ''}"><label for="field-${name}">${label}</label>
${hint ? html`<p class="hint" id="field-${name}-hint">${hint}</p>` : ''}
${error ? html`<p class="error-message" id="field-${name}-error" dir="auto">${error.message}</p>` : ''}
<input id="field-${name}" name="${name}" type="password" autocomplete="${autocomplete}" dir="ltr" required${error ? html` aria-invalid="true"` : ''}${
      hint || error ? html` aria-describedby="${[hint ? `field-${name}-hint` : '', error ? `field-${name}-error` : ''].filter(Boolean).join(' ')}"` : ''
    }></div>`;
  };
  const main = html`<h1>${words.title}</h1>
${view.person?.mustChangePassword ? html`<p class="notice">${words.mustChange}</p>` : ''}
${errorSummary(view, errors)}
<form method="post" action="/console/password" class="console-form">
<input type="hidden" name="_csrf" value="${view.csrfToken ?? ''}">
<input type="text" name="username" autocomplete="username" value="${view.person?.username ?? ''}" hidden>
${input('currentPassword', words.current, 'current-password')}
${input('newPassword', words.next, 'new-password', words.nextHint)}
${input('repeatPassword', words.repeat, 'new-password')}
<button type="submit">${words.submit}</button>
</form>`;
  sendPage(res, consolePage(view, words.title, main), status);
}
