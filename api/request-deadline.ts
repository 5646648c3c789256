import type { ServerOptions } from 'node:http';
import type { RequestHandler, Response } from 'express';
import { HttpProblem, problemBody } from './problem';

/**
 * Every request has a deadline. Calls to Temporal end by it (the gateway's `deadline`) and answer
 * 503 with Retry-After; whatever else could hang (the database during an outage) is caught by a
 * safety net shortly after it, so no client waits without an answer.
 */
export const DEFAULT_REQUEST_DEADLINE_MS = 20_000;
const SAFETY_NET_GRACE_MS = 2_000;

export const deadlineOf = (res: Response): Date | undefined => res.locals.deadline as Date | undefined;

export function requestDeadline(deadlineMs: number = DEFAULT_REQUEST_DEADLINE_MS): RequestHandler {
  return (req, res, next) => {
    res.locals.deadline = new Date(Date.now() + deadlineMs);
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      req.log?.error({ deadlineMs }, 'no answer within the request deadline');
      const problem = new HttpProblem(503, 'deadline-exceeded', `no answer within ${Math.round(deadlineMs / 1000)} s; retry later, with the same Idempotency-Key if the request had one`);
      res.status(503).set('Retry-After', '5').type('application/problem+json').json(problemBody(problem, req.originalUrl));
    }, deadlineMs + SAFETY_NET_GRACE_MS);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}

/**
 * Node's own limits for the HTTP server: a client must send its headers and its whole request
 * in time (slow clients cannot hold sockets), and idle keep-alive sockets are closed. Node
 * checks them every `connectionsCheckingInterval`, so that is kept short too.
 */
export function httpServerOptions(deadlineMs: number = DEFAULT_REQUEST_DEADLINE_MS): ServerOptions {
  return {
    headersTimeout: Math.min(deadlineMs, 10_000),
    requestTimeout: deadlineMs,
    keepAliveTimeout: 5_000,
    connectionsCheckingInterval: Math.min(1_000, deadlineMs),
  };
}
