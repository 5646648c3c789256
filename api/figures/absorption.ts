import type { Actor } from '../../domain/commands';
import { rate } from '../../domain/allocations';
import type { Period } from '../../domain/figures/period';
import type { PrismaClient } from '../../generated/prisma/client';
import { countyKeys } from './csv';
import { type FiguresFilters, filterNames } from './filters';
import { byOrganization, organizationsOfKind, type OrganizationRow, periodOf, seesOrganization } from './organizations';
import { HttpProblem } from '../problem';

/**
 * Absorption for a Jalali year: per bank, its lending allocation against what it approved and
 * paid in the year; per agency and support institution, its jobs target against the jobs
 * confirmed at follow-up in the year. Approved counts as the lending limit counts it
 * (domain/allocations.ts): approvals in the year, less those withdrawn since. Rates and the
 * remaining allocation are null where no allocation or target is set. The county row sums the
 * rows; its allocation, target, remaining and rates are over the organizations that have one.
 */
export interface LendingAbsorption {
  allocation: string | null;
  approvedAmount: string;
  paidAmount: string;
  remainingAllocation: string | null;
  absorptionRate: string | null;
}
export interface JobsAbsorption {
  target: number | null;
  confirmed: number;
  rate: string | null;
}

interface AmountRow { org: string | null; amount: string }
interface JobsRow { org: string | null; jobs: number }

export async function absorptionFigures(prisma: PrismaClient, period: Period, filters: FiguresFilters = {}) {
  const year = wholeYearOf(period);
  refuseFilters(filters);
  const { from, to } = period;
  const [banks, agencies, allocations, approved, paid, targets, confirmed] = await Promise.all([
    organizationsOfKind(prisma, ['bank']),
    organizationsOfKind(prisma, ['agency', 'support_institution']),
    prisma.$queryRaw<AmountRow[]>`SELECT bank_id AS org, amount::text AS amount FROM lending_allocations WHERE year = ${year}`,
    prisma.$queryRaw<AmountRow[]>`
      SELECT a.bank_id AS org, sum(a.approved_amount)::text AS amount
      FROM application_steps s JOIN applications a ON a.id = s.application_id
      WHERE s.step = 'approve' AND s.occurred_at >= ${from} AND s.occurred_at < ${to} AND a.stage <> 'withdrawn'
      GROUP BY a.bank_id`,
    prisma.$queryRaw<AmountRow[]>`
      SELECT a.bank_id AS org, sum(d.amount)::text AS amount
      FROM disbursements d JOIN applications a ON a.id = d.application_id
      WHERE d.paid_at >= ${from} AND d.paid_at < ${to} GROUP BY a.bank_id`,
    prisma.$queryRaw<JobsRow[]>`SELECT organization_id AS org, jobs FROM jobs_targets WHERE year = ${year}`,
    prisma.$queryRaw<JobsRow[]>`
      SELECT a.agency_id AS org, sum(a.jobs_confirmed)::int AS jobs
      FROM application_steps s JOIN applications a ON a.id = s.application_id
      WHERE s.step = 'confirmJobs' AND s.occurred_at >= ${from} AND s.occurred_at < ${to}
      GROUP BY a.agency_id`,
  ]);
  const [allocationOf, approvedOf, paidOf] = [byOrganization(allocations), byOrganization(approved), byOrganization(paid)];
  const [targetOf, confirmedOf] = [byOrganization(targets), byOrganization(confirmed)];
  const bankRows = banks.map((bank: OrganizationRow) => {
    const id = bank.organizationId;
    return { ...bank, lending: lendingOf(allocationOf.get(id)?.amount ?? null, approvedOf.get(id)?.amount ?? '0', paidOf.get(id)?.amount ?? '0') };
  });
  const agencyRows = agencies.map((agency: OrganizationRow) => {
    const id = agency.organizationId;
    return { ...agency, jobs: jobsOf(targetOf.get(id)?.jobs ?? null, confirmedOf.get(id)?.jobs ?? 0) };
  });
  return {
    period: periodOf(period),
    banks: bankRows,
    organizations: agencyRows,
    county: { lending: countyLending(bankRows.map((r) => r.lending)), jobs: countyJobs(agencyRows.map((r) => r.jobs)) },
  };
}

export type AbsorptionAnswer = Awaited<ReturnType<typeof absorptionFigures>>;

function lendingOf(allocation: string | null, approvedAmount: string, paidAmount: string): LendingAbsorption {
  return {
    allocation,
    approvedAmount,
    paidAmount,
    remainingAllocation: allocation === null ? null : (BigInt(allocation) - BigInt(approvedAmount)).toString(),
    absorptionRate: allocation === null ? null : rate(BigInt(paidAmount), BigInt(allocation)),
  };
}

const jobsOf = (target: number | null, confirmed: number): JobsAbsorption => ({
  target,
  confirmed,
  rate: target === null ? null : rate(BigInt(confirmed), BigInt(target)),
});

const sum = (values: (string | number)[]): bigint => values.reduce<bigint>((total, v) => total + BigInt(v), 0n);

function countyLending(rows: LendingAbsorption[]): LendingAbsorption {
  const allocated = rows.filter((r) => r.allocation !== null);
  const allocation = allocated.length > 0 ? sum(allocated.map((r) => r.allocation!)) : null;
  return {
    allocation: allocation === null ? null : allocation.toString(),
    approvedAmount: sum(rows.map((r) => r.approvedAmount)).toString(),
    paidAmount: sum(rows.map((r) => r.paidAmount)).toString(),
    remainingAllocation: allocation === null ? null : sum(allocated.map((r) => r.remainingAllocation!)).toString(),
    absorptionRate: allocation === null ? null : rate(sum(allocated.map((r) => r.paidAmount)), allocation),
  };
}

function countyJobs(rows: JobsAbsorption[]): JobsAbsorption {
  const targeted = rows.filter((r) => r.target !== null);
  const target = targeted.length > 0 ? Number(sum(targeted.map((r) => r.target!))) : null;
  return {
    target,
    confirmed: Number(sum(rows.map((r) => r.confirmed))),
    rate: target === null ? null : rate(sum(targeted.map((r) => r.confirmed)), BigInt(target)),
  };
}

/** Allocations are per Jalali year: a quarter, a month or a range of dates has none. */
function wholeYearOf(period: Period): number {
  const label = period.label ?? '';
  if (/^\d{4}$/.test(label)) return Number(label);
  const field = label.includes('-Q') ? 'quarter' : label.includes('-') ? 'month' : 'from';
  const message = 'absorption is per Jalali year: give `year` alone (or nothing, for the current year)';
  throw new HttpProblem(422, 'validation', `query.${field}: ${message}`, [{ field: `query.${field}`, message }]);
}

/** An allocation is the whole bank's or agency's: a rate of part of its cases against it would mislead. */
function refuseFilters(filters: FiguresFilters): void {
  const given = filterNames.find((name) => filters[name] !== undefined);
  if (given === undefined) return;
  const message = 'absorption is against whole allocations and targets: the listing filters do not apply';
  throw new HttpProblem(422, 'validation', `query.${given}: ${message}`, [{ field: `query.${given}`, message }]);
}

/** Officials and admins see every row; a bank or an agency its own row and the county's totals. */
export function ownAbsorption(answer: AbsorptionAnswer, actor: Actor) {
  const sees = (row: { organizationId: string }) => seesOrganization(actor, row.organizationId);
  const banks = answer.banks.filter(sees);
  const organizations = answer.organizations.filter(sees);
  return { body: { ...answer, banks, organizations }, rows: [...banks, ...organizations], countyKey: countyKeys.organization };
}
