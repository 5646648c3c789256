import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Actor } from '../domain/commands';
import type { Role } from '../domain/vocabulary';
import type { PrismaClient } from '../generated/prisma/client';
import { ApiKeyCache, type KeyHolder } from './api-key-cache';
import { hashApiKey } from './api-keys';
import { personFromSession } from './console/console-session';
import { sameSecret, type SessionPolicy } from './console/sessions';
import { forbidden, HttpProblem } from './problem';

/** Who is calling: set by `authenticate` from the API key in `Authorization: Bearer <key>`. */
export const actorOf = (res: Response): Actor => res.locals.actor as Actor;

// The scheme is case-insensitive and may be followed by any whitespace (RFC 9110 §11.1).
const bearerPattern = /^\s*bearer\s+(\S+)\s*$/i;

function presentedKey(req: Request): string | undefined {
  const bearer = bearerPattern.exec(req.get('authorization') ?? '')?.[1];
  return bearer ?? (req.get('x-api-key')?.trim() || undefined);
}

/** The user an active key belongs to, in one query; null for an unknown or revoked key. */
async function readKeyHolder(prisma: PrismaClient, keyHash: string): Promise<KeyHolder | null> {
  const [row] = await prisma.$queryRaw<Array<{ keyId: string; userId: string; organizationId: string; role: Role }>>`/* prepared */
    SELECT k.id AS "keyId", u.id AS "userId", u.organization_id AS "organizationId", u.role::text AS role
    FROM api_keys k JOIN users u ON u.id = k.user_id
    WHERE k.key_hash = ${keyHash} AND k.revoked_at IS NULL`;
  return row ? { keyId: row.keyId, actor: { userId: row.userId, organizationId: row.organizationId, role: row.role } } : null;
}

/**
 * The caller of the JSON API: a program by its API key, or a signed-in person whose request
 * carries the session's CSRF token in X-CSRF-Token (a cookie alone never authenticates, so
 * another site cannot make a person's browser call the API). Keys are read through `keys`
 * (api/api-key-cache.ts); without it, on every request.
 */
export function authenticate(prisma: PrismaClient, sessionPolicy?: SessionPolicy, keys: ApiKeyCache = new ApiKeyCache({ ttlMs: 0 })): RequestHandler {
  return async (req, res, next) => {
    try {
      const key = presentedKey(req);
      if (!key && sessionPolicy && req.get('x-csrf-token')) {
        const session = await personFromSession(prisma, req, sessionPolicy);
        if (session && sameSecret(req.get('x-csrf-token')!, session.csrfToken)) {
          res.locals.actor = session.person.actor;
          return next();
        }
      }
      if (!key) throw new HttpProblem(401, 'unauthenticated', 'an API key is required: Authorization: Bearer <key>');
      const keyHash = hashApiKey(key);
      const holder = await keys.holderOf(keyHash, () => readKeyHolder(prisma, keyHash));
      if (!holder) throw new HttpProblem(401, 'unauthenticated', 'the API key is not valid or was revoked');
      // A copy: handlers must not be able to change what the cache answers for the next request.
      const actor: Actor = { ...holder.actor };
      res.locals.actor = actor;
      next();
    } catch (error) {
      next(error);
    }
  };
}

export function requireRole(...allowed: Role[]): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const { role } = actorOf(res);
    next(allowed.includes(role) ? undefined : forbidden(`this action is for ${allowed.join(' or ')} users, not ${role}`));
  };
}
