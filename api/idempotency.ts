import { createHash, randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { PrismaClient } from '../generated/prisma/client';
import type { FieldCipher } from '../security/field-cipher';
import { openResponseBody, sealResponseBody } from '../security/sealed-records';
import { actorOf } from './auth';
import { HttpProblem } from './problem';

/**
 * `Idempotency-Key` on POST, scoped per user and kept for `ttlMs`: the first response (status,
 * body, Location) is stored and replayed to a retry with the same key and request; the same key
 * with another request is refused (422), and while the first is still running (409).
 * A request that died holding its key (crash, 5xx) leaves it to the next retry after `leaseMs`,
 * under the same record id, which also serves as the Temporal Update id: Temporal then returns
 * the first run's result instead of doing the step twice.
 */
export interface IdempotencyOptions {
  ttlMs?: number;
  leaseMs?: number;
}

export interface IdempotencyClaim {
  id: string;
  /** Use as the Temporal Update id of the work the request does. */
  updateId: string;
}

export const idempotencyOf = (res: Response): IdempotencyClaim | undefined => res.locals.idempotency as IdempotencyClaim | undefined;

const keyPattern = /^[\x21-\x7e]{1,255}$/;
const replayedHeaders = ['content-type', 'location'] as const;

type Stored = { id: string; requestHash: string; responseStatus: number | null; responseHeaders: unknown; responseBody: unknown; lockedAt: Date; expiresAt: Date };
/** `running`: another request holds the key, until `heldUntil` (ms) at the latest. */
type Outcome = { kind: 'claimed'; id: string } | { kind: 'replay'; row: Stored } | { kind: 'mismatch' } | { kind: 'running'; heldUntil: number };

/** `fields` seals the stored responses: an application's carries the applicant's particulars. */
export function idempotency(prisma: PrismaClient, fields: FieldCipher, options: IdempotencyOptions = {}): RequestHandler {
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  const leaseMs = options.leaseMs ?? 2 * 60 * 1000;

  async function claim(userId: string, key: string, req: Request, requestHash: string): Promise<Outcome> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const now = new Date();
      const id = randomUUID();
      const data = { id, userId, key, method: req.method, path: pathOf(req), requestHash, lockedAt: now, expiresAt: new Date(now.getTime() + ttlMs) };
      const { count } = await prisma.idempotencyKey.createMany({ data: [data], skipDuplicates: true });
      if (count === 1) return { kind: 'claimed', id };
      const row = await prisma.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } });
      if (!row) continue;
      if (row.expiresAt <= now) {
        await prisma.idempotencyKey.deleteMany({ where: { id: row.id, expiresAt: row.expiresAt } });
        continue;
      }
      if (row.requestHash !== requestHash) return { kind: 'mismatch' };
      if (row.responseStatus !== null) return { kind: 'replay', row };
      if (row.lockedAt.getTime() > now.getTime() - leaseMs) return { kind: 'running', heldUntil: row.lockedAt.getTime() + leaseMs };
      const taken = await prisma.idempotencyKey.updateMany({ where: { id: row.id, lockedAt: row.lockedAt, responseStatus: null }, data: { lockedAt: now } });
      return taken.count === 1 ? { kind: 'claimed', id: row.id } : { kind: 'running', heldUntil: now.getTime() + leaseMs };
    }
    return { kind: 'running', heldUntil: Date.now() + 1000 };
  }

  /** Keeps the response before it leaves, so a retry that arrives right after it is answered. */
  function recordResponse(res: Response, id: string): void {
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      res.json = send;
      const status = res.statusCode;
      const headers = Object.fromEntries(replayedHeaders.flatMap((h) => (res.get(h) ? [[h, res.get(h)]] : [])));
      // A failure of ours is not an answer: release the key so a retry runs again, same id.
      const saved =
        status >= 500
          ? prisma.idempotencyKey.updateMany({ where: { id }, data: { lockedAt: new Date(0) } })
          : prisma.idempotencyKey.update({ where: { id }, data: { responseStatus: status, responseHeaders: headers, responseBody: sealResponseBody(fields, body) } });
      saved
        .catch((error: unknown) => res.req.log?.error({ err: error }, 'could not record the idempotent response'))
        // The request deadline may have answered meanwhile (and released the key, as a 5xx).
        .finally(() => res.headersSent || send(body));
      return res;
    };
  }

  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    if (req.method !== 'POST' || key === undefined) return next();
    if (!keyPattern.test(key)) throw new HttpProblem(400, 'invalid-idempotency-key', 'Idempotency-Key must be 1 to 255 visible ASCII characters');
    const requestHash = hashRequest(req);
    const outcome = await claim(actorOf(res).userId, key, req, requestHash);
    switch (outcome.kind) {
      case 'mismatch':
        throw new HttpProblem(422, 'idempotency-key-reused', 'this Idempotency-Key was already used with a different request');
      case 'running': {
        // At the latest when the holder's lease ends: then a retry takes the key over if it died.
        const retryAfter = String(Math.max(1, Math.ceil((outcome.heldUntil - Date.now()) / 1000)));
        throw new HttpProblem(409, 'idempotency-key-in-use', 'a request with this Idempotency-Key is still being processed; retry later', [], { 'Retry-After': retryAfter });
      }
      case 'replay': {
        const headers = (outcome.row.responseHeaders ?? {}) as Record<string, string>;
        res.status(outcome.row.responseStatus!).set(headers).set('Idempotent-Replayed', 'true').json(openResponseBody(fields, outcome.row.responseBody));
        return;
      }
      case 'claimed':
        res.locals.idempotency = { id: outcome.id, updateId: `idem-${outcome.id}` } satisfies IdempotencyClaim;
        recordResponse(res, outcome.id);
        next();
    }
  };
}

/** Deletes expired keys; returns how many. */
export async function purgeExpiredIdempotencyKeys(prisma: PrismaClient, now = new Date()): Promise<number> {
  const { count } = await prisma.idempotencyKey.deleteMany({ where: { expiresAt: { lte: now } } });
  return count;
}

const pathOf = (req: Request): string => req.originalUrl.split('?')[0]!;

function hashRequest(req: Request): string {
  return createHash('sha256').update(JSON.stringify([req.method, pathOf(req), canonical(req.body ?? null)])).digest('hex');
}

/**
 * The same JSON with object keys sorted, so key order does not make two bodies differ. Recursive:
 * bodies nested deeper than request-guards' MAX_BODY_DEPTH are refused before they get here.
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]));
  }
  return value;
}
