import type { Actor } from '../domain/commands';
import type { Prisma } from '../generated/prisma/client';

/**
 * Who sees which applications: an agency its own, a bank those referred to it,
 * officials and admins all. Used as a filter, so a foreign application reads as not found.
 */
export function visibleTo(actor: Actor): Prisma.ApplicationWhereInput {
  switch (actor.role) {
    case 'agency':
      return { agencyId: actor.organizationId };
    case 'bank':
      return { bankId: actor.organizationId };
    case 'official':
    case 'admin':
      return {};
  }
}

/** The same rule for an application already read: may `actor` see it? */
export function maySee(actor: Actor, application: { agencyId: string; bankId: string | null }): boolean {
  switch (actor.role) {
    case 'agency':
      return application.agencyId === actor.organizationId;
    case 'bank':
      return application.bankId === actor.organizationId;
    case 'official':
    case 'admin':
      return true;
  }
}
