import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import pino, { type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { personalFieldsRedaction } from '../observability/personal-fields';

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
    // Undefined rather than {} without the header: pino-http then makes no child logger for it (issue 13).
    customProps(req) {
      const given = req.headers['x-request-id'];
      return (typeof given === 'string' && requestIdPattern.test(given) ? { clientRequestId: given } : undefined) as object;
    },
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    // Unwrapped, the serializers get the raw request and response: pino-http's own wrapping first
    // copied every header and the socket's address into an object these then dropped, on every request.
    wrapSerializers: false,
    serializers: {
      req: (req: { id: unknown; method: string; url: string; originalUrl?: string }) => ({ id: req.id, method: req.method, url: loggableUrl(req.originalUrl ?? req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
  });
}

/** Query parameters that may carry an applicant's personal data: the console's search, an attachment's file name. */
const personalQueryParameters = new Set(['q', 'name']);

/** The URL as logged: the values of personal query parameters replaced, so a search for a national id is not kept in the logs. */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const pairs = url.slice(at + 1).split('&').map((pair) => {
    const key = pair.split('=', 1)[0]!;
    return personalQueryParameters.has(decodedKey(key)) ? `${key}=[redacted]` : pair;
  });
  return `${url.slice(0, at)}?${pairs.join('&')}`;
}

function decodedKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

export const defaultLogger = (level: string): Logger => pino({ level, base: { service: 'loan-api' }, redact: personalFieldsRedaction });
