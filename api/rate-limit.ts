import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { hashApiKey } from './api-keys';
import { HttpProblem } from './problem';

export interface RateLimitOptions {
  windowMs?: number;
  /** Requests per window for one API key (or one address without a key). */
  limit?: number;
}

/** Per-key (else per-address) limits, announced in the IETF `RateLimit` headers. */
export function rateLimiting({ windowMs = 60_000, limit = 600 }: RateLimitOptions = {}): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => {
      const header = req.get('authorization') ?? req.get('x-api-key');
      return header ? `key:${hashApiKey(header)}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, _res, next, options) => {
      next(new HttpProblem(429, 'too-many-requests', `more than ${options.limit} requests in ${Math.round(windowMs / 1000)} s; retry later`));
    },
  });
}
