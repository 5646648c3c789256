import type { Weekday } from '../../domain/calendar';
import type { Period } from '../../domain/figures/period';
import { rejectionReasons, reviewSteps } from '../../domain/vocabulary';
import type { PrismaClient } from '../../generated/prisma/client';
import { type BankStepKind, stalledNow, type StepTime, stepTimes, stepTimesOf } from './bank-step-times';
import { type FiguresFilters, filtersGiven, whereApplications } from './filters';
import { byOrganization, organizationsOfKind, type OrganizationRow, periodOf, sumRials } from './organizations';
import { ensureWorkingCalendar } from './working-calendar';

/** Per operating bank: what was referred to it and what it did with it, in the period and now. */
export interface BankCounts {
  referred: number;
  acknowledged: number;
  inReviewNow: Record<string, number>;
  informationRequestsOpenNow: number;
  approved: { count: number; amount: string };
  rejectedByReason: Record<string, number>;
  contractsSigned: number;
  /** Cases an official took from this bank and gave to another: an obstacle of this bank. */
  reassignedAway: number;
  paid: { tranches: number; amount: string };
  approvedUnpaidAmount: string;
  /** Four eyes: tranches recorded by one user and not yet confirmed by a second, now (not paid). */
  pendingTranches: { count: number; amount: string };
  /** Working days the bank took over each of its steps, for the waits that ended in the period. */
  workingDaysPerStep: Record<BankStepKind, StepTime>;
  stalledNow: number;
  escalations: number;
}

interface StepRow { org: string | null; referred: number; acknowledged: number; approved: number; approvedAmount: string; contractsSigned: number; reassignedAway: number }
interface NowRow { org: string | null; informationRequestsOpenNow: number; approvedUnpaidAmount: string; pendingTranches: number; pendingAmount: string }
interface PaidRow { org: string | null; tranches: number; amount: string }
interface KeyedRow { org: string | null; key: string | null; n: number }

/**
 * How to compute: `weekend`, the working week's days off (default Friday); `timings: false` skips
 * the working days per step and the cases stalled now (zeros), the dearest queries by far, for
 * callers that show neither (the public summary, the weekly digest).
 */
export interface BankFiguresOptions { weekend?: readonly Weekday[]; timings?: boolean }

export async function bankFigures(prisma: PrismaClient, period: Period, filters: FiguresFilters = {}, { weekend, timings = true }: BankFiguresOptions = {}) {
  const { from, to } = period;
  const only = whereApplications(filters);
  const calendarKey = timings ? await ensureWorkingCalendar(prisma, weekend) : undefined;
  // Steps count where they happened (occurred_at).
  const [banks, steps, now, paid, inReview, rejected, escalations, times, stalled] = await Promise.all([
    organizationsOfKind(prisma, ['bank']),
    // A step counts for the bank it concerns: a referral for the bank referred to, a reassignment
    // also for the bank it was taken from (an obstacle of that bank), a bank's own step for that bank.
    prisma.$queryRaw<StepRow[]>`
      SELECT x.org,
        count(*) FILTER (WHERE x.kind = 'referred')::int AS referred,
        count(*) FILTER (WHERE x.kind = 'acknowledgeReceipt')::int AS acknowledged,
        count(*) FILTER (WHERE x.kind = 'approve')::int AS approved,
        coalesce(sum(a.approved_amount) FILTER (WHERE x.kind = 'approve'), 0)::text AS "approvedAmount",
        count(*) FILTER (WHERE x.kind = 'signContract')::int AS "contractsSigned",
        count(*) FILTER (WHERE x.kind = 'reassignedAway')::int AS "reassignedAway"
      FROM application_steps s JOIN applications a ON a.id = s.application_id
      CROSS JOIN LATERAL (VALUES
        (CASE s.step WHEN 'categorize' THEN coalesce(s.data->>'bankId', a.bank_id) WHEN 'reassign' THEN s.data->>'toBankId' WHEN 'acknowledgeReceipt' THEN CASE WHEN s.actor_role = 'bank' THEN s.actor_org_id ELSE a.bank_id END ELSE a.bank_id END,
         CASE WHEN s.step IN ('categorize', 'reassign') THEN 'referred' ELSE s.step END),
        (CASE WHEN s.step = 'reassign' THEN s.data->>'fromBankId' END, 'reassignedAway')
      ) x(org, kind)
      WHERE s.occurred_at >= ${from} AND s.occurred_at < ${to} AND x.org IS NOT NULL
        AND s.step IN ('categorize', 'reassign', 'acknowledgeReceipt', 'approve', 'signContract') ${only}
      GROUP BY x.org`,
    prisma.$queryRaw<NowRow[]>`
      SELECT a.bank_id AS org,
        count(*) FILTER (WHERE a.stage = 'information_requested')::int AS "informationRequestsOpenNow",
        coalesce(sum(a.approved_amount - a.disbursed_amount) FILTER (WHERE a.stage IN ('disbursement', 'awaiting_follow_up')), 0)::text AS "approvedUnpaidAmount",
        count(a.pending_tranche)::int AS "pendingTranches",
        coalesce(sum((a.pending_tranche->>'amount')::numeric), 0)::text AS "pendingAmount"
      FROM applications a WHERE a.bank_id IS NOT NULL ${only} GROUP BY a.bank_id`,
    prisma.$queryRaw<PaidRow[]>`
      SELECT a.bank_id AS org, count(*)::int AS tranches, sum(d.amount)::text AS amount
      FROM disbursements d JOIN applications a ON a.id = d.application_id
      WHERE d.paid_at >= ${from} AND d.paid_at < ${to} ${only} GROUP BY a.bank_id`,
    prisma.$queryRaw<KeyedRow[]>`
      SELECT a.bank_id AS org, a.review_step AS key, count(*)::int AS n
      FROM applications a WHERE a.stage = 'bank_review' ${only} GROUP BY a.bank_id, a.review_step`,
    prisma.$queryRaw<KeyedRow[]>`
      SELECT a.bank_id AS org, a.rejection_reason AS key, count(*)::int AS n
      FROM application_steps s JOIN applications a ON a.id = s.application_id
      WHERE s.step = 'reject' AND s.occurred_at >= ${from} AND s.occurred_at < ${to} ${only}
      GROUP BY a.bank_id, a.rejection_reason`,
    prisma.$queryRaw<KeyedRow[]>`
      SELECT x.holder_org_id AS org, NULL AS key, count(*)::int AS n
      FROM escalations x JOIN applications a ON a.id = x.application_id
      WHERE x.created_at >= ${from} AND x.created_at < ${to} ${only} GROUP BY x.holder_org_id`,
    calendarKey === undefined ? [] : stepTimes(prisma, period, filters, calendarKey),
    timings ? stalledNow(prisma, filters) : [],
  ]);
  const stepsOf = byOrganization(steps);
  const nowOf = byOrganization(now);
  const paidOf = byOrganization(paid);
  const escalationsOf = byOrganization(escalations);
  const stalledOf = byOrganization(stalled);
  const rows = banks.map((bank: OrganizationRow) => {
    const s = stepsOf.get(bank.organizationId);
    const n = nowOf.get(bank.organizationId);
    const p = paidOf.get(bank.organizationId);
    const counts: BankCounts = {
      referred: s?.referred ?? 0,
      acknowledged: s?.acknowledged ?? 0,
      inReviewNow: tally(reviewSteps, inReview, bank.organizationId),
      informationRequestsOpenNow: n?.informationRequestsOpenNow ?? 0,
      approved: { count: s?.approved ?? 0, amount: s?.approvedAmount ?? '0' },
      rejectedByReason: tally(rejectionReasons, rejected, bank.organizationId),
      contractsSigned: s?.contractsSigned ?? 0,
      reassignedAway: s?.reassignedAway ?? 0,
      paid: { tranches: p?.tranches ?? 0, amount: p?.amount ?? '0' },
      approvedUnpaidAmount: n?.approvedUnpaidAmount ?? '0',
      pendingTranches: { count: n?.pendingTranches ?? 0, amount: n?.pendingAmount ?? '0' },
      workingDaysPerStep: stepTimesOf(times, bank.organizationId),
      stalledNow: stalledOf.get(bank.organizationId)?.n ?? 0,
      escalations: escalationsOf.get(bank.organizationId)?.n ?? 0,
    };
    return { ...bank, ...counts };
  });
  // Percentiles do not add up: the county's are computed over all the banks' waits at once.
  const county = countyOf(rows, stepTimesOf(times, null));
  return { period: periodOf(period), filters: filtersGiven(filters), organizations: rows, county };
}

/** Every key of the fixed list, zero where nothing was counted, so columns never come and go. */
function tally(keys: readonly string[], rows: KeyedRow[], org: string): Record<string, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const row of rows) if (row.org === org && row.key !== null && row.key in counts) counts[row.key] = (counts[row.key] ?? 0) + row.n;
  return counts;
}

const total = (rows: BankCounts[], pick: (row: BankCounts) => number) => rows.reduce((sum, row) => sum + pick(row), 0);

function countyOf(rows: BankCounts[], workingDaysPerStep: BankCounts['workingDaysPerStep']): BankCounts {
  return {
    referred: total(rows, (r) => r.referred),
    acknowledged: total(rows, (r) => r.acknowledged),
    inReviewNow: Object.fromEntries(reviewSteps.map((k) => [k, total(rows, (r) => r.inReviewNow[k] ?? 0)])),
    informationRequestsOpenNow: total(rows, (r) => r.informationRequestsOpenNow),
    approved: { count: total(rows, (r) => r.approved.count), amount: sumRials(rows.map((r) => r.approved.amount)) },
    rejectedByReason: Object.fromEntries(rejectionReasons.map((k) => [k, total(rows, (r) => r.rejectedByReason[k] ?? 0)])),
    contractsSigned: total(rows, (r) => r.contractsSigned),
    reassignedAway: total(rows, (r) => r.reassignedAway),
    paid: { tranches: total(rows, (r) => r.paid.tranches), amount: sumRials(rows.map((r) => r.paid.amount)) },
    approvedUnpaidAmount: sumRials(rows.map((r) => r.approvedUnpaidAmount)),
    pendingTranches: { count: total(rows, (r) => r.pendingTranches.count), amount: sumRials(rows.map((r) => r.pendingTranches.amount)) },
    workingDaysPerStep,
    stalledNow: total(rows, (r) => r.stalledNow),
    escalations: total(rows, (r) => r.escalations),
  };
}
