import type { PrismaClient, User } from '../../generated/prisma/client';
import { passwordMatches, spendAVerification } from './passwords';

/**
 * Checking a username and password, with a lockout: after FREE_FAILURES wrong passwords in a
 * row the username is locked for LOCK_BASE_MS, doubling with each further failure up to
 * LOCK_MAX_MS; a success resets the count. A locked username is refused without looking at the
 * password, so guessing on gains nothing. Unknown usernames cost a verification too.
 */
export const FREE_FAILURES = 5;
export const LOCK_BASE_MS = 30_000;
export const LOCK_MAX_MS = 3_600_000;

export type SignInOutcome =
  | { ok: true; user: User }
  | { ok: false; reason: 'wrong' }
  | { ok: false; reason: 'locked'; until: Date };

export function lockFor(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(LOCK_MAX_MS, LOCK_BASE_MS * 2 ** (failures - FREE_FAILURES));
}

export async function checkSignIn(prisma: PrismaClient, username: string, password: string, now = new Date()): Promise<SignInOutcome> {
  const user = await prisma.user.findUnique({ where: { username } });
  if (!user?.passwordHash) {
    await spendAVerification(password);
    return { ok: false, reason: 'wrong' };
  }
  if (user.lockedUntil && user.lockedUntil > now) return { ok: false, reason: 'locked', until: user.lockedUntil };
  if (await passwordMatches(user.passwordHash, password)) {
    if (user.failedSignIns > 0 || user.lockedUntil) await prisma.user.update({ where: { id: user.id }, data: { failedSignIns: 0, lockedUntil: null } });
    return { ok: true, user };
  }
  // Counted in the database, so concurrent guesses each add one.
  const { failedSignIns } = await prisma.user.update({ where: { id: user.id }, data: { failedSignIns: { increment: 1 } }, select: { failedSignIns: true } });
  const lock = lockFor(failedSignIns);
  if (lock === 0) return { ok: false, reason: 'wrong' };
  const until = new Date(now.getTime() + lock);
  await prisma.user.update({ where: { id: user.id }, data: { lockedUntil: until } });
  return { ok: false, reason: 'locked', until };
}
