import type { Request, Response } from 'express';
import type { Actor } from '../../domain/commands';
import type { Role } from '../../domain/vocabulary';
import { type Formats, formatsFor } from '../pages/format';
import { type Language, type PageWords, wordsFor } from '../pages/words';
import { type ConsoleWords, consoleWords } from './words/console-words';

/** The person a console request is for, from their session. */
export interface SignedInPerson {
  userId: string;
  username: string;
  name: string;
  role: Role;
  organizationId: string;
  organizationName: string;
  organizationNameFa: string;
  mustChangePassword: boolean;
  actor: Actor;
}

export interface ConsoleSessionLocals {
  person: SignedInPerson;
  /** The session's CSRF token: every form carries it back in `_csrf`. */
  csrfToken: string;
  /** The session's cookie token, to end it at sign-out. */
  sessionToken: string;
}

/** What every console page knows about its request. */
export interface ConsoleView {
  language: Language;
  words: ConsoleWords;
  /** The figures' words: stages, steps, categories, districts, reasons and organization kinds. */
  pageWords: PageWords;
  formats: Formats;
  /** The page's own path, for the language link and for forms that post back. */
  path: string;
  query: Record<string, string>;
  person?: SignedInPerson;
  csrfToken?: string;
}

export const sessionOf = (res: Response): ConsoleSessionLocals | undefined => res.locals.consoleSession as ConsoleSessionLocals | undefined;

/** The signed-in person (the console's routes run after `requireSession`, so there is one). */
export const personOf = (res: Response): SignedInPerson => {
  const session = sessionOf(res);
  if (!session) throw new Error('personOf called on a request without a session');
  return session.person;
};

export const languageOf = (res: Response): Language => (res.locals.consoleLanguage as Language | undefined) ?? 'fa';

export function consoleView(req: Request, res: Response): ConsoleView {
  const language = languageOf(res);
  const pageWords = wordsFor(language);
  const session = sessionOf(res);
  const query = Object.fromEntries(
    Object.entries(req.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== '' && entry[0] !== 'lang'),
  );
  return {
    language,
    words: consoleWords[language],
    pageWords,
    formats: formatsFor(pageWords),
    path: `${req.baseUrl}${req.path}`.replace(/(.)\/$/, '$1'),
    query,
    ...(session ? { person: session.person, csrfToken: session.csrfToken } : {}),
  };
}

/** The organization's name in the page's language. */
export const organizationName = (view: ConsoleView, organization: { name: string; nameFa: string }): string =>
  view.language === 'fa' ? organization.nameFa : organization.name;
