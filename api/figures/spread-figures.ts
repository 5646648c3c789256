import type { Period } from '../../domain/figures/period';
import { categories, districts } from '../../domain/vocabulary';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { type FiguresFilters, filtersGiven, whereApplications } from './filters';
import { periodOf, sumRials } from './organizations';

/** Per category and per district: how the county's applications, money and jobs spread across them. */
export interface SpreadCounts {
  applications: number;
  approvals: number;
  approvedAmount: string;
  paidAmount: string;
  jobsPromised: number;
  jobsConfirmed: number;
}

interface SubmittedRow { key: string | null; applications: number; jobsPromised: number; jobsConfirmed: number }
interface ApprovedRow { key: string | null; approvals: number; approvedAmount: string }
interface PaidRow { key: string | null; paidAmount: string }

// The column an application is counted under: fixed fragments, never text from the request.
const columns = { category: Prisma.sql`a.category`, district: Prisma.sql`a.district` };

async function spread(prisma: PrismaClient, period: Period, filters: FiguresFilters, by: keyof typeof columns, keys: readonly string[]) {
  const { from, to } = period;
  const only = whereApplications(filters);
  const key = columns[by];
  const [submitted, approved, paid] = await Promise.all([
    // Jobs are those of the applications submitted in the period, as in the agencies' figures.
    prisma.$queryRaw<SubmittedRow[]>`
      SELECT ${key} AS key, count(*)::int AS applications,
        sum(a.jobs_committed)::int AS "jobsPromised", coalesce(sum(a.jobs_confirmed), 0)::int AS "jobsConfirmed"
      FROM applications a WHERE a.submitted_at >= ${from} AND a.submitted_at < ${to} ${only} GROUP BY 1`,
    prisma.$queryRaw<ApprovedRow[]>`
      SELECT ${key} AS key, count(*)::int AS approvals, coalesce(sum(a.approved_amount), 0)::text AS "approvedAmount"
      FROM application_steps s JOIN applications a ON a.id = s.application_id
      WHERE s.step = 'approve' AND s.occurred_at >= ${from} AND s.occurred_at < ${to} ${only} GROUP BY 1`,
    prisma.$queryRaw<PaidRow[]>`
      SELECT ${key} AS key, sum(d.amount)::text AS "paidAmount"
      FROM disbursements d JOIN applications a ON a.id = d.application_id
      WHERE d.paid_at >= ${from} AND d.paid_at < ${to} ${only} GROUP BY 1`,
  ]);
  const submittedOf = byKey(submitted);
  const approvedOf = byKey(approved);
  const paidOf = byKey(paid);
  // One row per word of the vocabulary, in its order; anything else (no category yet) is not counted.
  const rows = keys.map((k) => {
    const s = submittedOf.get(k);
    const a = approvedOf.get(k);
    const counts: SpreadCounts = {
      applications: s?.applications ?? 0,
      approvals: a?.approvals ?? 0,
      approvedAmount: a?.approvedAmount ?? '0',
      paidAmount: paidOf.get(k)?.paidAmount ?? '0',
      jobsPromised: s?.jobsPromised ?? 0,
      jobsConfirmed: s?.jobsConfirmed ?? 0,
    };
    return { [by]: k, ...counts } as { [K in typeof by]: string } & SpreadCounts;
  });
  return { period: periodOf(period), filters: filtersGiven(filters), rows, county: countyOf(rows) };
}

const byKey = <T extends { key: string | null }>(rows: T[]): Map<string, T> =>
  new Map(rows.flatMap((row) => (row.key === null ? [] : [[row.key, row] as const])));

const total = (rows: SpreadCounts[], pick: (row: SpreadCounts) => number) => rows.reduce((sum, row) => sum + pick(row), 0);

function countyOf(rows: SpreadCounts[]): SpreadCounts {
  return {
    applications: total(rows, (r) => r.applications),
    approvals: total(rows, (r) => r.approvals),
    approvedAmount: sumRials(rows.map((r) => r.approvedAmount)),
    paidAmount: sumRials(rows.map((r) => r.paidAmount)),
    jobsPromised: total(rows, (r) => r.jobsPromised),
    jobsConfirmed: total(rows, (r) => r.jobsConfirmed),
  };
}

export async function categoryFigures(prisma: PrismaClient, period: Period, filters: FiguresFilters = {}) {
  const { rows, ...rest } = await spread(prisma, period, filters, 'category', categories);
  return { period: rest.period, filters: rest.filters, categories: rows as ({ category: string } & SpreadCounts)[], county: rest.county };
}

export async function districtFigures(prisma: PrismaClient, period: Period, filters: FiguresFilters = {}) {
  const { rows, ...rest } = await spread(prisma, period, filters, 'district', districts);
  return { period: rest.period, filters: rest.filters, districts: rows as ({ district: string } & SpreadCounts)[], county: rest.county };
}
