import type { Actor } from '../../domain/commands';
import type { Period } from '../../domain/figures/period';
import type { PrismaClient } from '../../generated/prisma/client';

/** What every family of figures shares: the organizations it has a row for, and the period. */
export interface OrganizationRow {
  organizationId: string;
  kind: string;
  name: string;
  nameFa: string;
}

export type OrganizationKind = 'bank' | 'agency' | 'support_institution';

export async function organizationsOfKind(prisma: PrismaClient, kinds: OrganizationKind[]): Promise<OrganizationRow[]> {
  return prisma.$queryRaw<OrganizationRow[]>`
    SELECT id AS "organizationId", kind::text AS kind, name, name_fa AS "nameFa"
    FROM organizations WHERE kind::text = ANY(${kinds}) ORDER BY id`;
}

/** The period as the answer shows it. */
export const periodOf = (period: Period) => ({ from: period.from.toISOString(), to: period.to.toISOString(), label: period.label });

/** Sums of rials stay bigint: they pass 2^53 long before the county's totals stop growing. */
export const sumRials = (values: string[]): string => values.reduce((sum, v) => sum + BigInt(v), 0n).toString();

/** `part ÷ whole` to four places, rounded half up; "0.0000" when the whole is nothing. */
export function share(part: number, whole: number): string {
  if (whole === 0) return '0.0000';
  const tenThousandths = (BigInt(part) * 20_000n + BigInt(whole)) / (2n * BigInt(whole));
  return `${tenThousandths / 10_000n}.${String(tenThousandths % 10_000n).padStart(4, '0')}`;
}

/** Rows keyed by organization, so each figure's query can be merged into its organization's row. */
export function byOrganization<T extends { org: string | null }>(rows: T[]): Map<string, T> {
  return new Map(rows.flatMap((row) => (row.org === null ? [] : [[row.org, row] as const])));
}

/** Officials and admins see every organization's row; a bank or an agency its own (and the county's totals). */
export const seesOrganization = (actor: Actor, organizationId: string): boolean =>
  actor.role === 'official' || actor.role === 'admin' || actor.organizationId === organizationId;
