import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const requestIdPattern = /^[\w.:-]{1,128}$/;

/**
 * One log line per request with its id, a new UUID echoed in `X-Request-Id`. The id goes into
 * the workflow's commands and decides which of several identical submissions created the
 * application, so the caller cannot choose it; a sensible `X-Request-Id` of the caller's is
 * logged beside it as `clientRequestId`, to find its requests. Keys and bodies are never logged.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId(_req, res) {
      const id = randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customProps(req) {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && requestIdPattern.test(given) ? { clientRequestId: given } : {};
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
  });
}

export const defaultLogger = (level: string): Logger => pino({ level, base: { service: 'loan-api' } });
