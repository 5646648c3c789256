import type { Period } from '../../domain/figures/period';
import { reviewSteps } from '../../domain/vocabulary';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { type FiguresFilters, whereApplications } from './filters';
import { calendarArrays, workingTimeAt } from './working-calendar';

/**
 * How long each bank took over each of its steps, and which of its cases are stalled now.
 *
 * A bank's steps are its waits (domain/deadlines.ts `waitOf`): the four review steps, then
 * `disbursement`, which is each wait for the contract or the next tranche (approval to
 * contract, contract to first tranche, tranche to tranche). A wait begins with the step that
 * put the case in the bank's hands (a referral, a reassignment to it) and ends with the next
 * step, whoever took it (an approval, a rejection, a withdrawal); it counts in the period in
 * which it ended, for the bank that held it. A wait ended by a reassignment is not counted:
 * the bank never finished it (the figures count the reassignment as its obstacle). As in
 * domain/wait-clock.ts, the bank's clock stops while the agency answers a request for
 * information and resumes where it stopped: the agency's time is left out, and a wait whose
 * request was never answered has not ended. Times are working time (see working-calendar.ts).
 */
export const bankStepKinds = [...reviewSteps, 'disbursement'] as const;
export type BankStepKind = (typeof bankStepKinds)[number];

export interface StepTime {
  /** Waits that ended in the period. */
  waits: number;
  /** Working days, to two places; null when no wait ended. */
  median: number | null;
  p90: number | null;
}

export interface StepTimeRow { org: string | null; kind: BankStepKind; waits: number; median: number; p90: number }

const time = (step: string) => workingTimeAt(Prisma.raw(`${step}.occurred_at`));

/** Per bank and step kind, and for the county (org null): waits ended in the period, median and 90th percentile. */
export function stepTimes(prisma: PrismaClient, period: Period, filters: FiguresFilters, calendarKey: string): Promise<StepTimeRow[]> {
  const { from, to } = period;
  const percentile = (p: number) => Prisma.sql`round(percentile_cont(${Prisma.raw(String(p))}) WITHIN GROUP (ORDER BY days::float8)::numeric, 2)::float8`;
  return prisma.$queryRaw<StepTimeRow[]>`
    WITH cal AS MATERIALIZED (${calendarArrays(calendarKey)}), ended AS (
      -- The bank that ended the wait, or (a withdrawal) the bank that held it then.
      SELECT coalesce(CASE WHEN e.actor_role = 'bank' THEN e.actor_org_id END, a.bank_id) AS org, st.step AS began_by, st.stage_after AS began_stage,
        ${time('e')} - ${time('st')} - coalesce(paused.days, 0) AS days
      FROM cal CROSS JOIN application_steps e
      JOIN applications a ON a.id = e.application_id
      JOIN application_steps b ON b.application_id = e.application_id AND b.sequence = e.sequence - 1
      -- After an answer the bank resumes the wait it began before asking: its first step.
      LEFT JOIN LATERAL (
        SELECT s.step, s.stage_after, s.occurred_at, s.sequence FROM application_steps s
        WHERE b.step = 'answerInformationRequest' AND s.application_id = b.application_id AND s.sequence < b.sequence
          AND s.step NOT IN ('requestInformation', 'answerInformationRequest')
        ORDER BY s.sequence DESC LIMIT 1
      ) resumed ON true
      CROSS JOIN LATERAL (
        SELECT coalesce(resumed.step, b.step) AS step, coalesce(resumed.stage_after, b.stage_after) AS stage_after,
          coalesce(resumed.occurred_at, b.occurred_at) AS occurred_at
      ) st
      -- The agency's time answering, from each request to its answer, is not the bank's.
      LEFT JOIN LATERAL (
        SELECT sum(${time('ans')} - ${time('req')}) AS days
        FROM application_steps ans
        JOIN application_steps req ON req.application_id = ans.application_id AND req.sequence = ans.sequence - 1
        WHERE resumed.sequence IS NOT NULL AND ans.application_id = e.application_id AND ans.step = 'answerInformationRequest'
          AND ans.sequence > resumed.sequence AND ans.sequence <= b.sequence
      ) paused ON true
      -- The steps that can end a bank's wait (a request for information only pauses it).
      WHERE e.occurred_at >= ${from} AND e.occurred_at < ${to}
        AND e.step IN ('acknowledgeReceipt', 'checkDocuments', 'assessCredit', 'approve', 'reject', 'withdraw', 'signContract', 'disburseTranche')
        AND b.step IN ('categorize', 'reassign', 'acknowledgeReceipt', 'checkDocuments', 'assessCredit', 'approve', 'signContract', 'disburseTranche', 'answerInformationRequest')
        AND a.bank_id IS NOT NULL ${whereApplications(filters)}
    ), kinds AS (
      SELECT org, days, CASE began_by
          WHEN 'categorize' THEN 'acknowledge' WHEN 'reassign' THEN 'acknowledge' WHEN 'acknowledgeReceipt' THEN 'documents'
          WHEN 'checkDocuments' THEN 'credit_assessment' WHEN 'assessCredit' THEN 'decision'
          WHEN 'approve' THEN 'disbursement' WHEN 'signContract' THEN 'disbursement'
          -- The last tranche ends the bank's part: nothing waits on it after.
          WHEN 'disburseTranche' THEN CASE WHEN began_stage = 'disbursement' THEN 'disbursement' END
        END AS kind
      FROM ended
    )
    -- A wait outside the calendar's years has no days: not counted (percentiles skip nulls too).
    SELECT CASE WHEN grouping(org) = 1 THEN NULL ELSE org END AS org, kind, count(days)::int AS waits,
      ${percentile(0.5)} AS median, ${percentile(0.9)} AS p90
    FROM kinds WHERE kind IS NOT NULL
    GROUP BY GROUPING SETS ((org, kind), (kind)) HAVING count(days) > 0`;
}

/** Every kind, with no waits where none ended, so columns never come and go. */
export function stepTimesOf(rows: StepTimeRow[], org: string | null): Record<BankStepKind, StepTime> {
  return Object.fromEntries(
    bankStepKinds.map((kind) => {
      const row = rows.find((r) => r.org === org && r.kind === kind);
      return [kind, row ? { waits: row.waits, median: row.median, p90: row.p90 } : { waits: 0, median: null, p90: null }];
    }),
  ) as Record<BankStepKind, StepTime>;
}

/**
 * Cases stalled now, per bank: the case waits on the bank (a review step or disbursement) and the
 * escalation ladder has already recorded a notice for this very wait (escalations: the reminder
 * falls due at the wait's deadline, so a notice means the deadline passed) — the cases the
 * stalled-cases listing shows the bank, as the database knows them. A wait resumed after an
 * information request is the wait it was (its notices name the time it began), and a later step
 * begins a new one, which its earlier notices no longer count for.
 */
export function stalledNow(prisma: PrismaClient, filters: FiguresFilters): Promise<{ org: string | null; n: number }[]> {
  return prisma.$queryRaw`
    SELECT a.bank_id AS org, count(*)::int AS n
    FROM applications a
    CROSS JOIN LATERAL (
      SELECT s.occurred_at FROM application_steps s
      WHERE s.application_id = a.id AND s.step NOT IN ('requestInformation', 'answerInformationRequest')
      ORDER BY s.sequence DESC LIMIT 1
    ) began
    WHERE a.stage IN ('bank_review', 'disbursement') AND a.bank_id IS NOT NULL ${whereApplications(filters)}
      AND EXISTS (
        SELECT 1 FROM escalations x
        WHERE x.application_id = a.id AND x.waiting_since >= began.occurred_at
          AND x.step = CASE WHEN a.stage = 'bank_review' THEN 'bank_review.' || coalesce(a.review_step, 'acknowledge') ELSE 'disbursement' END)
    GROUP BY a.bank_id`;
}
