import express, { type RequestHandler } from 'express';
import { HttpProblem } from './problem';

/**
 * What every request must be before a route sees it: a path that decodes to printable text, and
 * a body (if any) of JSON in UTF-8, not nested without end. Each refusal is the client's fault
 * and says so with a 4xx; none of these ever reaches a handler, the database or Temporal.
 */

export const BODY_LIMIT = '100kb';
/** Far deeper than any body of this API (three levels); the request hash walks the body recursively. */
export const MAX_BODY_DEPTH = 32;

/** Malformed percent-encoding, or NUL and other control characters once decoded: 400. */
export const pathGuard: RequestHandler = (req, _res, next) => {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.path);
  } catch {
    next(new HttpProblem(400, 'malformed-path', 'the URL path is not valid percent-encoded UTF-8'));
    return;
  }
  next(/\p{Cc}/u.test(decoded) ? new HttpProblem(400, 'malformed-path', 'the URL path must not contain control characters') : undefined);
};

const charsetOf = (contentType: string): string | undefined => /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1]?.toLowerCase();

/** A body must be `application/json`, in UTF-8 (RFC 8259), or the request is refused with 415. */
export const jsonOnly: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
  if (!hasBody) return next();
  if (!req.is('application/json')) return next(new HttpProblem(415, 'unsupported-media-type', 'the request body must be application/json'));
  const charset = charsetOf(req.get('content-type') ?? '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(new HttpProblem(415, 'unsupported-charset', 'the request body must be JSON in UTF-8'));
  }
  next();
};

/** Bytes that are not UTF-8 would be replaced with U+FFFD and stored as if the client had sent them. */
function refuseInvalidUtf8(_req: unknown, _res: unknown, body: Buffer): void {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpProblem(400, 'invalid-utf8', 'the request body is not valid UTF-8');
  }
}

export const jsonBody = (): RequestHandler => express.json({ limit: BODY_LIMIT, verify: refuseInvalidUtf8 });

/** Refuses a body nested deeper than MAX_BODY_DEPTH, found without recursion. */
export const nestingLimit: RequestHandler = (req, _res, next) => {
  const pending: Array<[value: unknown, depth: number]> = [[req.body, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) {
      next(new HttpProblem(400, 'too-deeply-nested', `the JSON body must not nest deeper than ${MAX_BODY_DEPTH} levels`));
      return;
    }
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  next();
};
