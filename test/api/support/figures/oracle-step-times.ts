import { toGregorian } from 'jalaali-js';
import { iranPublicHolidayDates } from '../../../../domain/calendar';
import type { PrismaClient } from '../../../../generated/prisma/client';

/**
 * The banks' step times and stalled cases again, written apart from api/figures: no calendar
 * table, but each stretch of a wait cut into its Tehran days (the tz database's Asia/Tehran),
 * the worked part of every working day added up in seconds; the waits found with window
 * functions over each application's steps; percentiles interpolated by hand. Working days are
 * every day but Friday and the public holidays the escalation policy uses. `only` restricts
 * the applications (`a`) as the filters do.
 */

const holidayDates = (): string[] =>
  iranPublicHolidayDates().map(({ year, month, day }) => {
    const g = toGregorian(year, month, day);
    return `${g.gy}-${String(g.gm).padStart(2, '0')}-${String(g.gd).padStart(2, '0')}`;
  });

const stepTimesSql = (only: string) => `
  WITH steps AS (
    SELECT s.application_id, s.sequence, s.step, s.occurred_at, a.bank_id,
      lag(s.step) OVER w AS prev_step, lag(s.stage_after) OVER w AS prev_stage, lag(s.occurred_at) OVER w AS prev_at,
      max(s.sequence) FILTER (WHERE s.step NOT IN ('requestInformation', 'answerInformationRequest'))
        OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS wait_start
    FROM application_steps s JOIN applications a ON a.id = s.application_id
    WHERE a.bank_id IS NOT NULL${only}
    WINDOW w AS (PARTITION BY s.application_id ORDER BY s.sequence)
  ), stretches AS (
    -- The stretches in the bank's hands: after a step that left the case to the bank.
    SELECT st.*, (
      SELECT coalesce(sum(extract(epoch FROM least(st.occurred_at, (d + 1)::timestamp AT TIME ZONE 'Asia/Tehran')
                                           - greatest(st.prev_at, d::timestamp AT TIME ZONE 'Asia/Tehran'))), 0)
      FROM generate_series((st.prev_at AT TIME ZONE 'Asia/Tehran')::date, (st.occurred_at AT TIME ZONE 'Asia/Tehran')::date, interval '1 day') AS g(t),
        LATERAL (SELECT t::date AS d) day
      WHERE extract(isodow FROM d) <> 5 AND d <> ALL($3::date[])
    ) AS seconds
    FROM steps st
    -- A wait a reassignment ended was never finished by its bank: not counted.
    WHERE st.step <> 'reassign' AND (
      st.prev_step IN ('categorize', 'reassign', 'acknowledgeReceipt', 'checkDocuments', 'assessCredit', 'approve', 'signContract', 'answerInformationRequest')
       OR (st.prev_step = 'disburseTranche' AND st.prev_stage = 'disbursement'))
  ), waits AS (
    SELECT application_id, bank_id, wait_start, sum(seconds) / 86400 AS days,
      max(occurred_at) FILTER (WHERE step <> 'requestInformation') AS ended_at
    FROM stretches GROUP BY application_id, bank_id, wait_start
  ), kinded AS (
    SELECT w.bank_id, w.days, CASE first.step
        WHEN 'categorize' THEN 'acknowledge' WHEN 'reassign' THEN 'acknowledge' WHEN 'acknowledgeReceipt' THEN 'documents'
        WHEN 'checkDocuments' THEN 'credit_assessment' WHEN 'assessCredit' THEN 'decision' ELSE 'disbursement' END AS kind
    FROM waits w JOIN application_steps first ON first.application_id = w.application_id AND first.sequence = w.wait_start
    WHERE w.ended_at >= $1 AND w.ended_at < $2
  ), sorted AS (
    SELECT bank_id, kind, count(*) AS n, array_agg(days ORDER BY days) AS v FROM kinded GROUP BY bank_id, kind
    UNION ALL
    SELECT NULL, kind, count(*), array_agg(days ORDER BY days) FROM kinded GROUP BY kind
  )
  SELECT bank_id AS org, kind, n::int AS waits,
    round(v[floor(h50)::int + 1] + (h50 - floor(h50)) * (v[ceil(h50)::int + 1] - v[floor(h50)::int + 1]), 2)::text AS median,
    round(v[floor(h90)::int + 1] + (h90 - floor(h90)) * (v[ceil(h90)::int + 1] - v[floor(h90)::int + 1]), 2)::text AS p90
  FROM sorted, LATERAL (SELECT (n - 1) * 0.5 AS h50, (n - 1) * 0.9 AS h90) h`;

const kinds = ['acknowledge', 'documents', 'credit_assessment', 'decision', 'disbursement'];
interface Row { org: string | null; kind: string; waits: number; median: string; p90: string }

/** Per bank (or the county, null) and step kind: the waits that ended in [from, to), median and 90th percentile. */
export async function expectedStepTimes(prisma: PrismaClient, from: Date, to: Date, only = '') {
  const rows = await prisma.$queryRawUnsafe<Row[]>(stepTimesSql(only), from, to, holidayDates());
  return (org: string | null) =>
    Object.fromEntries(
      kinds.map((kind) => {
        const row = rows.find((r) => r.org === org && r.kind === kind);
        return [kind, row ? { waits: row.waits, median: Number(row.median), p90: Number(row.p90) } : { waits: 0, median: null, p90: null }];
      }),
    );
}

/**
 * Cases waiting on their bank now with a notice of the ladder about the very wait they are in:
 * a notice for the stage and step the case is at, after which nothing but an information request
 * and its answer happened to the case.
 */
export async function expectedStalledNow(prisma: PrismaClient, only = '') {
  const rows = await prisma.$queryRawUnsafe<{ org: string; n: number }[]>(`
    SELECT a.bank_id AS org, count(DISTINCT a.id)::int AS n
    FROM applications a JOIN escalations e ON e.application_id = a.id
    WHERE a.stage IN ('bank_review', 'disbursement')${only}
      AND e.step = CASE a.stage WHEN 'disbursement' THEN 'disbursement' ELSE 'bank_review.' || a.review_step END
      AND NOT EXISTS (SELECT 1 FROM application_steps s WHERE s.application_id = a.id AND s.occurred_at > e.waiting_since
                      AND s.step NOT IN ('requestInformation', 'answerInformationRequest'))
    GROUP BY a.bank_id`);
  return (org: string | null) => rows.filter((r) => org === null || r.org === org).reduce((sum, r) => sum + r.n, 0);
}
