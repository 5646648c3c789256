import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role } from '../domain/vocabulary';
import type { PrismaClient } from '../generated/prisma/client';
import { forgetRevokedKey } from './api-key-cache';

/** API keys: 32 random bytes, shown once; only their SHA-256 is stored. */
export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

export async function issueApiKey(prisma: PrismaClient, userId: string, label: string): Promise<string> {
  const key = `lk_${randomBytes(32).toString('base64url')}`;
  await prisma.apiKey.create({ data: { id: randomUUID(), userId, keyHash: hashApiKey(key), label } });
  return key;
}

/** Revokes the key; this process's caches drop it at once, other processes' within their TTL. */
export async function revokeApiKey(prisma: PrismaClient, keyId: string): Promise<boolean> {
  const { count } = await prisma.apiKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: new Date() } });
  forgetRevokedKey(keyId);
  return count === 1;
}

export interface NewUser {
  id: string;
  organizationId: string;
  role: Role;
  name: string;
  email?: string;
}

/** Creates the user if absent and returns a new key for it. */
export async function createUserWithKey(prisma: PrismaClient, user: NewUser): Promise<string> {
  await prisma.user.upsert({ where: { id: user.id }, create: { ...user, email: user.email ?? null }, update: {} });
  return issueApiKey(prisma, user.id, `key for ${user.name}`);
}
