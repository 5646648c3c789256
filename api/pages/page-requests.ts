import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { z } from 'zod';
import { toProblem } from '../error-handler';
import { HttpProblem } from '../problem';
import { formatsFor } from './format';
import { errorPage } from './error-page';
import type { PageContext } from './layout';
import { type Language, wordsFor } from './words';

/**
 * Pages and the JSON share one route and one schema. A request asks for a page with
 * `?format=html` or an Accept that prefers text/html (a browser's navigation); its `lang`,
 * `format=html` and the empty fields a GET form sends are taken off before the JSON's own schema
 * checks the rest (which, like every query, takes Persian digits), so a page accepts what the JSON accepts.
 */
export interface PageRequest {
  language: Language;
}

export const pageOf = (res: Response): PageRequest | undefined => res.locals.page as PageRequest | undefined;

/** `htmlByDefault`: the public summary answers a page unless JSON or CSV is asked for. */
export function pageRequests({ htmlByDefault = false } = {}): RequestHandler {
  return (req, res, next) => {
    // The same URL answers a page or JSON by Accept: caches must keep them apart.
    res.vary('Accept');
    if (!wantsPage(req, htmlByDefault)) return next();
    const lang = req.query.lang;
    res.locals.page = { language: lang === 'en' ? 'en' : 'fa' } satisfies PageRequest;
    if (lang !== undefined && lang !== 'fa' && lang !== 'en') {
      return next(new HttpProblem(422, 'validation', 'query.lang: must be fa or en', [{ field: 'query.lang', message: 'must be fa or en' }]));
    }
    next();
  };
}

function wantsPage(req: Request, htmlByDefault: boolean): boolean {
  const format = req.query.format;
  if (format !== undefined) return format === 'html';
  const offered = htmlByDefault ? ['text/html', 'application/json', 'text/csv'] : ['application/json', 'text/csv', 'text/html'];
  return req.accepts(offered) === 'text/html';
}

function pageQuery(query: unknown): unknown {
  if (query === null || typeof query !== 'object') return query;
  return Object.fromEntries(
    Object.entries(query)
      .filter(([key, value]) => key !== 'lang' && !(key === 'format' && value === 'html') && value !== ''),
  );
}

const pageSchemas = new WeakMap<z.ZodType, z.ZodType>();

/** For `validate('query', …)`: the JSON's schema, or on a page request the same schema after `pageQuery`. */
export function pageAware(schema: z.ZodType): (res: Response) => z.ZodType {
  const forPages = pageSchemas.get(schema) ?? z.preprocess(pageQuery, schema);
  pageSchemas.set(schema, forPages);
  return (res) => (pageOf(res) ? forPages : schema);
}

/** What a page needs to know of its request: its words, its path and the query it was asked with. */
export function pageContext(req: Request, res: Response, indexPath?: string): PageContext {
  const words = wordsFor(pageOf(res)?.language ?? 'fa');
  const query = Object.fromEntries(Object.entries(req.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1] !== ''));
  const path = `${req.baseUrl}${req.path}`.replace(/(.)\/$/, '$1');
  return { words, formats: formatsFor(words), path, query, ...(indexPath ? { indexPath } : {}) };
}

export function sendPage(res: Response, page: string, status = 200): void {
  res.status(status).type('html').set('Cache-Control', 'no-store').send(page);
}

/** A refused page request answers its 4xx as a page that names each field at fault; the JSON's answers are untouched. */
export const pageErrors: ErrorRequestHandler = (error, req, res, next) => {
  const problem = toProblem(error);
  if (!pageOf(res) || res.headersSent || problem.status >= 500) return next(error);
  sendPage(res, errorPage(pageContext(req, res), problem), problem.status);
};

/**
 * The pages' Content-Security-Policy: no script at all, styles and fonts from this app only.
 * The charts' SVG carries presentation attributes, not inline style, so none is allowed.
 */
export const pageSecurityPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'none'"],
    styleSrc: ["'self'"],
    fontSrc: ["'self'"],
    imgSrc: ["'self'"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
});
