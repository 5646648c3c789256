import type { Payload, PayloadCodec } from '@temporalio/common';
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { authenticate, actorOf } from '../auth';
import { personFromSession } from '../console/console-session';
import type { SessionPolicy } from '../console/sessions';
import { forbidden } from '../problem';
import { parsed, validate } from '../validate';

export interface CodecRouteOptions {
  prisma: PrismaClient;
  codec: PayloadCodec;
  sessionPolicy: SessionPolicy;
  /** The Temporal Web UI's origin, the only one whose pages may call the codec with credentials. */
  uiOrigin: string;
}

// Temporal's codec protocol is proto3 JSON: every bytes field (data, each metadata value) is base64.
const base64 = z.string().max(8 * 1024 * 1024).regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
const codecBody = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string().max(256), base64).optional(), data: base64.optional() })).max(10_000),
});
type CodecBody = z.infer<typeof codecBody>;

/**
 * The codec server of the Temporal Web UI and CLI (`POST /codec/decode`): an
 * admin's browser, signed in to the console, or an admin's API key sees decoded payloads;
 * anyone else who reaches the UI or Temporal's database sees only ciphertext.
 */
export function codecRoutes(options: CodecRouteOptions): Router {
  const router = Router();
  router.use(uiCors(options.uiOrigin));
  // Only decode: the UI is read-only (docker-compose.yml), and nothing outside the API may write to a workflow.
  router.post('/decode', signedInAdminOrKey(options), requireAdmin, express.json({ limit: '16mb' }), validate('body', codecBody), async (_req, res) => {
    const { payloads } = parsed<CodecBody>(res, 'body');
    res.set('Cache-Control', 'no-store').json({ payloads: (await decodeEach(options.codec, payloads.map(fromJson))).map(toJson) });
  });
  return router;
}

/** One payload that will not decode (a key no longer held, a damaged one) stays as it is; the rest are shown. */
async function decodeEach(codec: PayloadCodec, payloads: Payload[]): Promise<Payload[]> {
  return Promise.all(payloads.map(async (payload) => (await codec.decode([payload]).catch(() => [payload]))[0]!));
}

/** The UI's fetch sends the console's session cookie only with credentials allowed for its origin. */
function uiCors(uiOrigin: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.get('origin') === uiOrigin) {
      res.set({
        'Access-Control-Allow-Origin': uiOrigin,
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'POST',
        'Access-Control-Allow-Headers': 'Content-Type, X-Namespace, Authorization',
        'Access-Control-Max-Age': '600',
        Vary: 'Origin',
      });
    }
    if (req.method === 'OPTIONS') return void res.status(204).end();
    next();
  };
}

/**
 * The caller: an API key when one is presented, else the console's session cookie, without a
 * CSRF token: decoding changes nothing, and only the UI's origin may read the answer (CORS).
 */
function signedInAdminOrKey({ prisma, sessionPolicy }: CodecRouteOptions) {
  const byKey = authenticate(prisma);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const session = req.get('authorization') || req.get('x-api-key') ? undefined : await personFromSession(prisma, req, sessionPolicy);
      if (!session) return byKey(req, res, next);
      res.locals.actor = session.person.actor;
      next();
    } catch (error) {
      next(error);
    }
  };
}

function requireAdmin(_req: Request, res: Response, next: NextFunction) {
  next(actorOf(res).role === 'admin' ? undefined : forbidden('only admins may decode workflow payloads'));
}

const fromJson = (payload: CodecBody['payloads'][number]): Payload => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
  data: Buffer.from(payload.data ?? '', 'base64'),
});

const toJson = (payload: Payload) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? new Uint8Array()).toString('base64')])),
  data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
});
