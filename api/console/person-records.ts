import { roleFitsKind } from '../../domain/organization-kinds';
import type { Role } from '../../domain/vocabulary';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { issueOneTimePassword } from './people';

/**
 * What an admin does to people, from the console or `npm run admin`: the same rules in one
 * place. A refusal names the field at fault; each side words it in its own language.
 */
/** Ids of organizations and users, as `npm run admin` has always taken them. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface NewPerson {
  id: string;
  organizationId: string;
  role: Role;
  name: string;
  email?: string | undefined;
  username: string;
}

export type PersonRefusal =
  | { field: 'id' | 'username'; problem: 'taken' }
  | { field: 'organization' | 'user'; problem: 'unknown' }
  | { field: 'user'; problem: 'noUsername' }
  | { field: 'role'; problem: 'wrongKind'; kind: string };

export type PersonOutcome<T> = { ok: true; value: T } | { ok: false; refusal: PersonRefusal };

const refuse = (refusal: PersonRefusal): { ok: false; refusal: PersonRefusal } => ({ ok: false, refusal });

/** Creates a person who signs in with a username; the value is their one-time password, to be shown once. */
export async function createPerson(prisma: PrismaClient, person: NewPerson): Promise<PersonOutcome<string>> {
  const organization = await prisma.organization.findUnique({ where: { id: person.organizationId } });
  if (!organization) return refuse({ field: 'organization', problem: 'unknown' });
  if (!roleFitsKind(person.role, organization.kind)) return refuse({ field: 'role', problem: 'wrongKind', kind: organization.kind });
  const taken = await takenField(prisma, person.id, person.username);
  if (taken) return refuse(taken);
  try {
    await prisma.user.create({
      data: { id: person.id, organizationId: person.organizationId, role: person.role, name: person.name, email: person.email ?? null, username: person.username },
    });
  } catch (error) {
    // Two admins creating the same person at once: the loser hears which field, as if it had come second.
    const raced = isUniqueViolation(error) ? await takenField(prisma, person.id, person.username) : undefined;
    if (raced) return refuse(raced);
    throw error;
  }
  return { ok: true, value: await issueOneTimePassword(prisma, person.id) };
}

/** A new one-time password for a person (their sessions end, the lockout lifts); a program's user has no sign-in to reset. */
export async function resetPassword(prisma: PrismaClient, userId: string): Promise<PersonOutcome<{ password: string; username: string }>> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { username: true } });
  if (!user) return refuse({ field: 'user', problem: 'unknown' });
  if (!user.username) return refuse({ field: 'user', problem: 'noUsername' });
  return { ok: true, value: { password: await issueOneTimePassword(prisma, userId), username: user.username } };
}

/** Gives a user (a program's, say) a username; they sign in once a password is issued. */
export async function setUsername(prisma: PrismaClient, userId: string, username: string): Promise<PersonOutcome<null>> {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) return refuse({ field: 'user', problem: 'unknown' });
  const holder = await prisma.user.findUnique({ where: { username }, select: { id: true } });
  if (holder && holder.id !== userId) return refuse({ field: 'username', problem: 'taken' });
  try {
    await prisma.user.update({ where: { id: userId }, data: { username } });
  } catch (error) {
    if (isUniqueViolation(error)) return refuse({ field: 'username', problem: 'taken' });
    throw error;
  }
  return { ok: true, value: null };
}

async function takenField(prisma: PrismaClient, id: string, username: string): Promise<PersonRefusal | undefined> {
  if (await prisma.user.findUnique({ where: { id }, select: { id: true } })) return { field: 'id', problem: 'taken' };
  if (await prisma.user.findUnique({ where: { username }, select: { id: true } })) return { field: 'username', problem: 'taken' };
  return undefined;
}

const isUniqueViolation = (error: unknown): boolean => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
