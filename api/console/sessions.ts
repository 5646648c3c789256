import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import type { PrismaClient } from '../../generated/prisma/client';

/**
 * Server-side sessions: the cookie carries 32 random bytes, the database their SHA-256, so a
 * copy of the table opens nothing. A session ends when idle too long, when it reaches its
 * absolute age, or at sign-out, which ends it in the database (a copied cookie dies with it).
 */
export const SESSION_COOKIE = 'console_session';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export const defaultSessionPolicy: SessionPolicy = { idleMinutes: 30, absoluteHours: 12 };

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
const randomToken = (): string => randomBytes(32).toString('base64url');
// last_seen_at is written at most once a minute, not on every page.
const TOUCH_AFTER_MS = 60_000;

export interface OpenSession {
  token: string;
  csrfToken: string;
  userId: string;
}

export async function startSession(prisma: PrismaClient, userId: string, policy: SessionPolicy, now = new Date()): Promise<OpenSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3_600_000);
  await prisma.consoleSession.create({ data: { id: hashToken(token), userId, csrfToken, lastSeenAt: now, expiresAt } });
  return { token, csrfToken, userId };
}

/** The live session the token names, its last sight moved to now; null if ended, idle or expired. */
export async function findSession(prisma: PrismaClient, token: string, policy: SessionPolicy, now = new Date()) {
  const session = await prisma.consoleSession.findUnique({ where: { id: hashToken(token) }, include: { user: { include: { organization: true } } } });
  if (!session || session.endedAt) return null;
  const idleSince = now.getTime() - session.lastSeenAt.getTime();
  if (session.expiresAt <= now || idleSince >= policy.idleMinutes * 60_000) return null;
  if (idleSince > TOUCH_AFTER_MS) await prisma.consoleSession.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  return session;
}

export async function endSession(prisma: PrismaClient, token: string): Promise<void> {
  await prisma.consoleSession.updateMany({ where: { id: hashToken(token), endedAt: null }, data: { endedAt: new Date() } });
}

/** Ends every session of a user: a password reset or change signs the person out elsewhere. */
export async function endSessionsOf(prisma: PrismaClient, userId: string, except?: string): Promise<void> {
  await prisma.consoleSession.updateMany({
    where: { userId, endedAt: null, ...(except ? { id: { not: hashToken(except) } } : {}) },
    data: { endedAt: new Date() },
  });
}

/** The cookies a request carries (no library needed for `a=b; c=d`). */
export function cookiesOf(req: Request): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at < 1) continue;
    const name = part.slice(0, at).trim();
    try {
      cookies[name] ??= decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      // A cookie this app did not write; ignore it.
    }
  }
  return cookies;
}

/** HttpOnly, SameSite=Strict, Secure when the request came over https, scoped to the console. */
export function setCookie(req: Request, res: Response, name: string, value: string, maxAgeMs?: number): void {
  res.cookie(name, value, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', ...(maxAgeMs !== undefined ? { maxAge: maxAgeMs } : {}) });
}

export function clearCookie(req: Request, res: Response, name: string): void {
  res.clearCookie(name, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
}

/** Two secrets compared in constant time (a CSRF token, never a password). */
export const sameSecret = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
