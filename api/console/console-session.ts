import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role } from '../../domain/vocabulary';
import { isStorableText } from '../../domain/normalize';
import type { PrismaClient } from '../../generated/prisma/client';
import { sendPage } from '../pages/page-requests';
import { consoleView, type ConsoleSessionLocals, personOf, sessionOf, type SignedInPerson } from './console-view';
import { messagePage } from './console-layout';
import { cookiesOf, findSession, sameSecret, SESSION_COOKIE, type SessionPolicy, setCookie } from './sessions';

const LANGUAGE_COOKIE = 'console_lang';

/** `?lang=fa|en` switches the console's language and remembers it; otherwise the cookie's, else Persian. */
export const consoleLanguage: RequestHandler = (req, res, next) => {
  const asked = req.query.lang;
  if (asked === 'fa' || asked === 'en') setCookie(req, res, LANGUAGE_COOKIE, asked, 365 * 86_400_000);
  const chosen = asked === 'fa' || asked === 'en' ? asked : cookiesOf(req)[LANGUAGE_COOKIE];
  res.locals.consoleLanguage = chosen === 'en' ? 'en' : 'fa';
  next();
};

/** The person behind a session cookie, or undefined. */
export async function personFromSession(prisma: PrismaClient, req: Request, policy: SessionPolicy): Promise<ConsoleSessionLocals | undefined> {
  const token = cookiesOf(req)[SESSION_COOKIE];
  if (!token) return undefined;
  const session = await findSession(prisma, token, policy);
  if (!session) return undefined;
  const { user } = session;
  const person: SignedInPerson = {
    userId: user.id,
    username: user.username ?? user.id,
    name: user.name,
    role: user.role,
    organizationId: user.organizationId,
    organizationName: user.organization.name,
    organizationNameFa: user.organization.nameFa,
    mustChangePassword: user.mustChangePassword,
    actor: { userId: user.id, organizationId: user.organizationId, role: user.role },
  };
  return { person, csrfToken: session.csrfToken, sessionToken: token };
}

/**
 * Every console page but sign-in needs a live session; without one the browser goes to the
 * sign-in page. A person who must change their password goes nowhere else first.
 */
export function requireSession(prisma: PrismaClient, policy: SessionPolicy): RequestHandler {
  return async (req, res, next) => {
    try {
      const found = await personFromSession(prisma, req, policy);
      if (!found) {
        const expired = cookiesOf(req)[SESSION_COOKIE] ? '?expired=1' : '';
        return res.redirect(303, `/console/sign-in${expired}`);
      }
      res.locals.consoleSession = found;
      res.locals.actor = found.person.actor;
      if (found.person.mustChangePassword && req.path !== '/password' && req.path !== '/sign-out') return res.redirect(303, '/console/password');
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** Every form posted to the console carries the session's token in `_csrf`; one without it changes nothing. */
export const requireCsrf: RequestHandler = (req, res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
  const session = sessionOf(res);
  if (session && typeof sent === 'string' && sameSecret(sent, session.csrfToken)) return next();
  const view = consoleView(req, res);
  sendPage(res, messagePage(view, view.words.errors.title, view.words.errors.csrf), 403);
};

/**
 * A form field or a query holding a character no text can hold (NUL, a lone surrogate) is
 * refused before any page looks at it: the database could neither store nor compare it. The
 * answer names the field, and nothing changes.
 */
export const refuseUnreadableInput: RequestHandler = (req, res, next) => {
  const fields = [...Object.entries((req.body ?? {}) as Record<string, unknown>), ...Object.entries(req.query)];
  const unreadable = fields.find(([name, value]) => !isStorableText(name) || [value].flat().some((v) => typeof v === 'string' && !isStorableText(v)));
  if (!unreadable) return next();
  const view = consoleView(req, res);
  const field = isStorableText(unreadable[0]) ? unreadable[0] : '?';
  sendPage(res, messagePage(view, view.words.errors.title, view.words.errors.unreadable(field)), 422);
};

/** A page for some roles only; to others it answers 403 with a page saying so. */
export function consoleRole(...roles: Role[]): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (roles.includes(personOf(res).role)) return next();
    const view = consoleView(req, res);
    sendPage(res, messagePage(view, view.words.errors.title, view.words.errors.forbidden), 403);
  };
}

/** The console's 404: the same page whether the case does not exist or belongs to someone else. */
export function consoleNotFound(req: Request, res: Response): void {
  const view = consoleView(req, res);
  sendPage(res, messagePage(view, view.words.errors.title, view.words.errors.notFound), 404);
}
