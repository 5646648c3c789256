import type { AllocationKind } from '../domain/allocations';
import type { PrismaClient } from '../generated/prisma/client';
import { Prisma } from '../generated/prisma/client';

/**
 * Reading and setting the annual allocations (a bank's lending, an agency's or institution's
 * jobs), for the API and the admin's command line alike. Setting the value it already has
 * changes nothing and logs nothing; any other change is logged in allocation_changes with
 * who made it and the value before and after, in the same transaction.
 */

/** Which organizations may have each kind of allocation. */
export const kindsFor: Record<AllocationKind, readonly string[]> = {
  lending_allocation: ['bank'],
  jobs_target: ['agency', 'support_institution'],
};

/** An allocation that cannot be set: an organization that does not exist or cannot have it. */
export class AllocationRefusal extends Error {
  constructor(
    readonly reason: 'unknown_organization' | 'wrong_kind',
    message: string,
  ) {
    super(message);
    this.name = 'AllocationRefusal';
  }
}

export interface AllocationChangeRequest {
  year: number;
  organizationId: string;
  /** Rials (digits) for a lending allocation, jobs (digits) for a target. */
  value: string;
  changedBy: string;
}

export interface SetOutcome {
  year: number;
  organizationId: string;
  value: string;
  changed: boolean;
}

type Tx = Prisma.TransactionClient;

export async function setAllocation(prisma: PrismaClient, kind: AllocationKind, request: AllocationChangeRequest): Promise<SetOutcome> {
  const { year, organizationId, value, changedBy } = request;
  return prisma.$transaction(async (tx) => {
    // One change per organization at a time, so each logged change names the value it replaced.
    // NO KEY UPDATE leaves the applications' foreign-key checks on the organization unblocked.
    const [organization] = await tx.$queryRaw<{ kind: string }[]>`
      SELECT kind::text AS kind FROM organizations WHERE id = ${organizationId} FOR NO KEY UPDATE`;
    if (!organization) throw new AllocationRefusal('unknown_organization', `there is no organization ${organizationId}`);
    if (!kindsFor[kind].includes(organization.kind)) {
      throw new AllocationRefusal('wrong_kind', `${organizationId} is a ${organization.kind}; a ${kind.replace('_', ' ')} is for ${kindsFor[kind].join(' or ')} organizations`);
    }
    const old = await currentValue(tx, kind, year, organizationId);
    if (old === value) return { year, organizationId, value, changed: false };
    const updatedAt = new Date();
    if (kind === 'lending_allocation') {
      const fields = { amount: new Prisma.Decimal(value), updatedAt, updatedBy: changedBy };
      await tx.lendingAllocation.upsert({ where: { year_bankId: { year, bankId: organizationId } }, create: { year, bankId: organizationId, ...fields }, update: fields });
    } else {
      const fields = { jobs: Number(value), updatedAt, updatedBy: changedBy };
      await tx.jobsTarget.upsert({ where: { year_organizationId: { year, organizationId } }, create: { year, organizationId, ...fields }, update: fields });
    }
    await tx.allocationChange.create({ data: { year, organizationId, kind, oldValue: old, newValue: value, changedBy, changedAt: updatedAt } });
    return { year, organizationId, value, changed: true };
  });
}

async function currentValue(tx: Tx, kind: AllocationKind, year: number, organizationId: string): Promise<string | null> {
  if (kind === 'lending_allocation') {
    const row = await tx.lendingAllocation.findUnique({ where: { year_bankId: { year, bankId: organizationId } } });
    return row ? row.amount.toFixed(0) : null;
  }
  const row = await tx.jobsTarget.findUnique({ where: { year_organizationId: { year, organizationId } } });
  return row ? String(row.jobs) : null;
}

/** Every bank, agency and institution with its allocation for the year (null where none is set), and the year's changes. */
export async function allocationsOf(prisma: PrismaClient, year: number) {
  const [organizations, lending, targets, changes] = await Promise.all([
    prisma.organization.findMany({ where: { kind: { in: ['bank', 'agency', 'support_institution'] } }, orderBy: { id: 'asc' } }),
    prisma.lendingAllocation.findMany({ where: { year } }),
    prisma.jobsTarget.findMany({ where: { year } }),
    prisma.allocationChange.findMany({ where: { year }, orderBy: { id: 'asc' } }),
  ]);
  const lendingOf = new Map(lending.map((row) => [row.bankId, row]));
  const targetOf = new Map(targets.map((row) => [row.organizationId, row]));
  const named = (o: (typeof organizations)[number]) => ({ organizationId: o.id, kind: o.kind as string, name: o.name, nameFa: o.nameFa });
  const stamp = (row: { updatedAt: Date; updatedBy: string } | undefined) => ({ updatedAt: row?.updatedAt.toISOString() ?? null, updatedBy: row?.updatedBy ?? null });
  return {
    year,
    banks: organizations
      .filter((o) => o.kind === 'bank')
      .map((o) => ({ ...named(o), amount: lendingOf.get(o.id)?.amount.toFixed(0) ?? null, ...stamp(lendingOf.get(o.id)) })),
    organizations: organizations
      .filter((o) => o.kind !== 'bank')
      .map((o) => ({ ...named(o), jobsTarget: targetOf.get(o.id)?.jobs ?? null, ...stamp(targetOf.get(o.id)) })),
    changes: changes.map((c) => ({
      organizationId: c.organizationId,
      kind: c.kind,
      oldValue: c.oldValue,
      newValue: c.newValue,
      changedBy: c.changedBy,
      changedAt: c.changedAt.toISOString(),
    })),
  };
}
