import type { RequestHandler } from 'express';
import { ipKeyGenerator, type Options, rateLimit } from 'express-rate-limit';
import { actorOf } from './auth';
import { HttpProblem } from './problem';

export interface RateLimitOptions {
  windowMs?: number;
  /** Requests per window for one user, whichever of its keys it uses and however it writes the header. */
  limit?: number;
  /** Requests per window from one client address that do not authenticate (no key, a wrong or revoked key). */
  unauthenticatedLimit?: number;
}

const tooMany = (windowMs: number): Options['handler'] => (req, res, next, options) => {
  const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  res.set('Retry-After', String(resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(windowMs / 1000)));
  next(new HttpProblem(429, 'too-many-requests', `more than ${options.limit} requests in ${Math.round(windowMs / 1000)} s; retry later`));
};

/**
 * Before authentication, per client address (as `trust proxy` says to read it): requests that
 * end without a user count, so guessing keys, each one different, is limited before the key is
 * looked up in the database. Requests that authenticate are uncounted again when they end.
 */
export function addressRateLimit({ windowMs = 60_000, limit = 600, unauthenticatedLimit = limit }: RateLimitOptions = {}): RequestHandler {
  return rateLimit({
    windowMs,
    limit: unauthenticatedLimit,
    identifier: 'address',
    // Counts here are transient for authenticated requests; the user's limit is the one announced.
    standardHeaders: false,
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.locals.actor !== undefined,
    keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? '')}`,
    handler: tooMany(windowMs),
    // The header is read only when `trust proxy` says so; its presence otherwise is no error of ours.
    validate: { xForwardedForHeader: false },
  });
}

/** After authentication, per user: one budget whatever key or header spelling it comes with. */
export function userRateLimit({ windowMs = 60_000, limit = 600 }: RateLimitOptions = {}): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    identifier: 'user',
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (_req, res) => `user:${actorOf(res).userId}`,
    handler: tooMany(windowMs),
    validate: { xForwardedForHeader: false },
  });
}
