import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords of people who sign in to the console: argon2id (the library's default algorithm,
 * with its default cost of 19 MiB and two passes, the OWASP minimum), never stored in clear.
 */
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export const hashPassword = (password: string): Promise<string> => hash(password);

/** False for a wrong password and for a hash this library cannot read. */
export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this costs what a real verification costs, so an unknown username answers
// no faster than a known one with a wrong password.
let decoy: Promise<string> | undefined;
export async function spendAVerification(password: string): Promise<void> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  await passwordMatches(await decoy, password);
}

/** What is wrong with a new password, as a sentence, or null. */
export function passwordFault(password: string, username: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters`;
  if (password.toLowerCase().includes(username.toLowerCase())) return 'must not contain the username';
  return null;
}

/** A one-time password an admin hands over: 16 characters without look-alikes (0/O, 1/l/I). */
export function oneTimePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}
