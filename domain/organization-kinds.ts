import type { Role } from './vocabulary';

/** The kinds of organization the system knows, and which roles their people may hold. */
export const organizationKinds = ['agency', 'support_institution', 'bank', 'governors_office', 'provincial_office', 'operator'] as const;
export type OrganizationKind = (typeof organizationKinds)[number];

/** The organization kinds whose users may have each role: a bank's officer is never an agency's clerk. */
export const kindsForRole: Record<Role, readonly OrganizationKind[]> = {
  agency: ['agency', 'support_institution'],
  bank: ['bank'],
  official: ['governors_office', 'provincial_office'],
  admin: ['operator'],
};

export const roleFitsKind = (role: Role, kind: string): boolean => (kindsForRole[role] as readonly string[]).includes(kind);
