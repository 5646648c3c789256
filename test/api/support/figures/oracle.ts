import { districts } from '../../../../domain/vocabulary';
import type { PrismaClient } from '../../../../generated/prisma/client';
import { expectedStalledNow, expectedStepTimes } from './oracle-step-times';

/** The listing's filters as the tests give them; each becomes `AND a.<column> = '<value>'`. */
export interface OracleFilters { stage?: string; bankId?: string; agencyId?: string; category?: string; district?: string }
const filterColumns = { stage: 'a.stage', bankId: 'a.bank_id', agencyId: 'a.agency_id', category: 'a.category', district: 'a.district' } as const;
export const onlySql = (filters: OracleFilters): string =>
  Object.entries(filters).map(([name, value]) => ` AND ${filterColumns[name as keyof OracleFilters]} = '${String(value).replaceAll("'", "''")}'`).join('');

/**
 * The figures again, by plain SQL written apart from api/figures: one correlated sub-query per
 * figure, each organization's answer built as JSON by PostgreSQL. $1 and $2 are the period's
 * ends; `holder` is the predicate that ties a row to "this organization" (or to the county),
 * and to the applications the filters leave (every sub-query reads `applications a`).
 */
const bankSql = (holder: (column: string) => string, _only: string) => `
  json_build_object(
    'referred', (SELECT count(*) FROM application_steps s JOIN applications a ON a.id = s.application_id
                 WHERE ${holder("CASE s.step WHEN 'reassign' THEN s.data->>'toBankId' ELSE coalesce(s.data->>'bankId', a.bank_id) END")}
                   AND s.step IN ('categorize', 'reassign') AND s.occurred_at >= $1 AND s.occurred_at < $2),
    'reassignedAway', (SELECT count(*) FROM application_steps s JOIN applications a ON a.id = s.application_id
                       WHERE ${holder("s.data->>'fromBankId'")} AND s.step = 'reassign' AND s.occurred_at >= $1 AND s.occurred_at < $2),
    'acknowledged', (SELECT count(*) FROM application_steps s JOIN applications a ON a.id = s.application_id
                     WHERE ${holder("CASE WHEN s.actor_role = 'bank' THEN s.actor_org_id ELSE a.bank_id END")} AND s.step = 'acknowledgeReceipt' AND s.occurred_at >= $1 AND s.occurred_at < $2),
    'inReviewNow', (SELECT json_object_agg(r, (SELECT count(*) FROM applications a WHERE ${holder('a.bank_id')} AND a.stage = 'bank_review' AND a.review_step = r))
                    FROM unnest(ARRAY['acknowledge', 'documents', 'credit_assessment', 'decision']) AS r),
    'informationRequestsOpenNow', (SELECT count(*) FROM applications a WHERE ${holder('a.bank_id')} AND a.stage = 'information_requested'),
    'approved', (SELECT json_build_object('count', count(*), 'amount', coalesce(sum(a.approved_amount), 0)::text)
                 FROM application_steps s JOIN applications a ON a.id = s.application_id
                 WHERE ${holder('a.bank_id')} AND s.step = 'approve' AND s.occurred_at >= $1 AND s.occurred_at < $2),
    'rejectedByReason', (SELECT json_object_agg(r, (SELECT count(*) FROM application_steps s JOIN applications a ON a.id = s.application_id
                                                    WHERE ${holder('a.bank_id')} AND s.step = 'reject' AND a.rejection_reason = r AND s.occurred_at >= $1 AND s.occurred_at < $2))
                         FROM unnest(ARRAY['insufficient_guarantee', 'poor_credit_history', 'incomplete_documents', 'not_economically_viable',
                                           'exceeds_lending_limit', 'applicant_unreachable', 'duplicate_facility', 'other']) AS r),
    'contractsSigned', (SELECT count(*) FROM application_steps s JOIN applications a ON a.id = s.application_id
                        WHERE ${holder('a.bank_id')} AND s.step = 'signContract' AND s.occurred_at >= $1 AND s.occurred_at < $2),
    'paid', (SELECT json_build_object('tranches', count(*), 'amount', coalesce(sum(d.amount), 0)::text)
             FROM disbursements d JOIN applications a ON a.id = d.application_id
             WHERE ${holder('a.bank_id')} AND d.paid_at >= $1 AND d.paid_at < $2),
    'approvedUnpaidAmount', (SELECT coalesce(sum(a.approved_amount) - sum(a.disbursed_amount), 0)::text FROM applications a
                             WHERE ${holder('a.bank_id')} AND a.stage IN ('disbursement', 'awaiting_follow_up')),
    'pendingTranches', (SELECT json_build_object('count', count(*), 'amount', coalesce(sum((a.pending_tranche->>'amount')::numeric), 0)::text)
                        FROM applications a WHERE ${holder('a.bank_id')} AND a.pending_tranche IS NOT NULL),
    'escalations', (SELECT count(*) FROM escalations e JOIN applications a ON a.id = e.application_id
                    WHERE ${holder('e.holder_org_id')} AND e.created_at >= $1 AND e.created_at < $2)
  )`;

const submittedIn = `a.submitted_at >= $1 AND a.submitted_at < $2`;
const countyJobs = (only: string) => `(SELECT coalesce(sum(a.jobs_confirmed), 0) FROM applications a
                     WHERE a.agency_id IN (SELECT id FROM organizations WHERE kind IN ('agency', 'support_institution'))${only} AND ${submittedIn})`;
const stepsOf = (holder: (column: string) => string, step: string) =>
  `(SELECT count(*) FROM application_steps s JOIN applications a ON a.id = s.application_id
    WHERE ${holder('a.agency_id')} AND s.step = '${step}' AND s.occurred_at >= $1 AND s.occurred_at < $2)`;
const agencySql = (holder: (column: string) => string, only: string) => `
  json_build_object(
    'submitted', (SELECT count(*) FROM applications a WHERE ${holder('a.agency_id')} AND ${submittedIn}),
    'categorized', ${stepsOf(holder, 'categorize')},
    'returnedForDocuments', ${stepsOf(holder, 'returnForDocuments')},
    'ineligible', ${stepsOf(holder, 'declareIneligible')},
    'withdrawn', ${stepsOf(holder, 'withdraw')},
    'waitingNow', (SELECT count(*) FROM applications a WHERE ${holder('a.agency_id')}
                   AND a.stage IN ('categorization', 'returned_for_documents', 'information_requested', 'employment_follow_up')),
    'jobsPromised', (SELECT coalesce(sum(a.jobs_committed), 0) FROM applications a WHERE ${holder('a.agency_id')} AND ${submittedIn}),
    'jobsConfirmed', (SELECT coalesce(sum(a.jobs_confirmed), 0) FROM applications a WHERE ${holder('a.agency_id')} AND ${submittedIn}),
    'followedUp', (SELECT count(*) FROM applications a WHERE ${holder('a.agency_id')} AND ${submittedIn} AND a.jobs_confirmed IS NOT NULL),
    'jobsPromisedFollowedUp', (SELECT coalesce(sum(a.jobs_committed), 0) FROM applications a
                               WHERE ${holder('a.agency_id')} AND ${submittedIn} AND a.jobs_confirmed IS NOT NULL),
    'shareOfCountyJobsConfirmed', (SELECT CASE WHEN ${countyJobs(only)} = 0 THEN '0.0000'
        ELSE round((SELECT coalesce(sum(a.jobs_confirmed), 0) FROM applications a WHERE ${holder('a.agency_id')} AND ${submittedIn})::numeric / ${countyJobs(only)}, 4)::text END)
  )`;

const kinds = { banks: `('bank')`, agencies: `('agency', 'support_institution')` };

/** The whole answer of /figures/banks or /figures/agencies as the oracle computes it. */
export async function expectedFigures(prisma: PrismaClient, family: 'banks' | 'agencies', from: Date, to: Date, filters: OracleFilters = {}) {
  const figures = family === 'banks' ? bankSql : agencySql;
  const only = onlySql(filters);
  const ofOrganization = (column: string) => `${column} = o.id${only}`;
  const ofCounty = (column: string) => `${column} IN (SELECT id FROM organizations WHERE kind IN ${kinds[family]})${only}`;
  const rows = await prisma.$queryRawUnsafe<{ row: Record<string, unknown> }[]>(
    `SELECT json_build_object('organizationId', o.id, 'kind', o.kind, 'name', o.name, 'nameFa', o.name_fa)::jsonb || ${figures(ofOrganization, only)}::jsonb AS row
     FROM organizations o WHERE o.kind IN ${kinds[family]} ORDER BY o.id`,
    from, to,
  );
  const [county] = await prisma.$queryRawUnsafe<{ row: Record<string, unknown> }[]>(`SELECT ${figures(ofCounty, only)} AS row`, from, to);
  if (family === 'agencies') return { organizations: rows.map((r) => r.row), county: county!.row };
  // The step times and the stalled cases come from their own oracle, merged into each row.
  const [times, stalled] = await Promise.all([expectedStepTimes(prisma, from, to, only), expectedStalledNow(prisma, only)]);
  const withBankTimes = (row: Record<string, unknown>, org: string | null): Record<string, unknown> => ({ ...row, workingDaysPerStep: times(org), stalledNow: stalled(org) });
  return {
    organizations: rows.map((r) => withBankTimes(r.row, r.row.organizationId as string)),
    county: withBankTimes(county!.row, null),
  };
}

/**
 * Per category and per district, again by correlated sub-queries. The categories are written
 * out here rather than imported, so a word dropped from domain/vocabulary.ts shows as a
 * difference; the districts are the census's list of areas, which is data, so they are read.
 */
const vocabularies = {
  category: `ARRAY['micro_workshop', 'home_business', 'local_innovative_project', 'agricultural', 'handicrafts', 'tourism', 'services', 'knowledge_based']`,
  district: `ARRAY[${districts.map((d) => `'${d.replaceAll("'", "''")}'`).join(', ')}]`,
};
const spreadSql = (holder: (column: string) => string, column: 'category' | 'district') => `
  json_build_object(
    'applications', (SELECT count(*) FROM applications a WHERE ${holder(`a.${column}`)} AND ${submittedIn}),
    'approvals', (SELECT count(*) FROM application_steps s JOIN applications a ON a.id = s.application_id
                  WHERE ${holder(`a.${column}`)} AND s.step = 'approve' AND s.occurred_at >= $1 AND s.occurred_at < $2),
    'approvedAmount', (SELECT coalesce(sum(a.approved_amount), 0)::text FROM application_steps s JOIN applications a ON a.id = s.application_id
                       WHERE ${holder(`a.${column}`)} AND s.step = 'approve' AND s.occurred_at >= $1 AND s.occurred_at < $2),
    'paidAmount', (SELECT coalesce(sum(d.amount), 0)::text FROM disbursements d JOIN applications a ON a.id = d.application_id
                   WHERE ${holder(`a.${column}`)} AND d.paid_at >= $1 AND d.paid_at < $2),
    'jobsPromised', (SELECT coalesce(sum(a.jobs_committed), 0) FROM applications a WHERE ${holder(`a.${column}`)} AND ${submittedIn}),
    'jobsConfirmed', (SELECT coalesce(sum(a.jobs_confirmed), 0) FROM applications a WHERE ${holder(`a.${column}`)} AND ${submittedIn})
  )`;

/** The whole answer of /figures/categories or /figures/districts as the oracle computes it. */
export async function expectedSpread(prisma: PrismaClient, family: 'categories' | 'districts', from: Date, to: Date, filters: OracleFilters = {}) {
  const column = family === 'categories' ? 'category' : 'district';
  const words = vocabularies[column];
  const only = onlySql(filters);
  const rows = await prisma.$queryRawUnsafe<{ row: Record<string, unknown> }[]>(
    `SELECT json_build_object('${column}', w.word)::jsonb || ${spreadSql((c) => `${c} = w.word${only}`, column)}::jsonb AS row
     FROM unnest(${words}) WITH ORDINALITY AS w(word, n) ORDER BY w.n`,
    from, to,
  );
  const [county] = await prisma.$queryRawUnsafe<{ row: Record<string, unknown> }[]>(`SELECT ${spreadSql((c) => `${c} = ANY(${words})${only}`, column)} AS row`, from, to);
  return { [family]: rows.map((r) => r.row), county: county!.row };
}
