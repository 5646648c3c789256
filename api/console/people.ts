import type { PrismaClient } from '../../generated/prisma/client';
import { hashPassword, oneTimePassword } from './passwords';
import { endSessionsOf } from './sessions';

/** Usernames: lowercase Latin letters, digits, dots, dashes and underscores, as people type them on any keyboard. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/**
 * Gives a user a one-time password (and a username, if given): the person must change it at
 * their first sign-in. Also what an admin's reset does: the lockout is lifted and the user's
 * sessions end. Returns the password, to be handed over once; only its hash is kept.
 */
export async function issueOneTimePassword(prisma: PrismaClient, userId: string, username?: string): Promise<string> {
  const password = oneTimePassword();
  await prisma.user.update({
    where: { id: userId },
    data: { ...(username ? { username } : {}), passwordHash: await hashPassword(password), mustChangePassword: true, failedSignIns: 0, lockedUntil: null },
  });
  await endSessionsOf(prisma, userId);
  return password;
}

/** Sets a known password without forcing a change: for tests and the benches, never for people. */
export async function setPassword(prisma: PrismaClient, userId: string, username: string, password: string): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { username, passwordHash: await hashPassword(password), mustChangePassword: false, failedSignIns: 0, lockedUntil: null } });
}
