import type { PrismaClient } from '../../../../generated/prisma/client';

/**
 * The figures again, by plain SQL written apart from api/figures: one correlated sub-query per
 * figure, each organization's answer built as JSON by PostgreSQL. $1 and $2 are the period's
 * ends; `holder` is the predicate that ties a row to "this organization" (or to the county).
 */
const bankSql = (holder: (column: string) => string) => `
  json_build_object(
    'referred', (SELECT count(*) FROM application_steps s JOIN applications a ON a.id = s.application_id
                 WHERE ${holder('a.bank_id')} AND s.step = 'categorize' AND s.occurred_at >= $1 AND s.occurred_at < $2),
    'acknowledged', (SELECT count(*) FROM application_steps s JOIN applications a ON a.id = s.application_id
                     WHERE ${holder('a.bank_id')} AND s.step = 'acknowledgeReceipt' AND s.occurred_at >= $1 AND s.occurred_at < $2),
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
    'escalations', (SELECT count(*) FROM escalations e WHERE ${holder('e.holder_org_id')} AND e.created_at >= $1 AND e.created_at < $2)
  )`;

const submittedIn = `a.submitted_at >= $1 AND a.submitted_at < $2`;
const countyJobs = `(SELECT coalesce(sum(a.jobs_confirmed), 0) FROM applications a
                     WHERE a.agency_id IN (SELECT id FROM organizations WHERE kind IN ('agency', 'support_institution')) AND ${submittedIn})`;
const stepsOf = (holder: (column: string) => string, step: string) =>
  `(SELECT count(*) FROM application_steps s JOIN applications a ON a.id = s.application_id
    WHERE ${holder('a.agency_id')} AND s.step = '${step}' AND s.occurred_at >= $1 AND s.occurred_at < $2)`;
const agencySql = (holder: (column: string) => string) => `
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
    'shareOfCountyJobsConfirmed', (SELECT CASE WHEN ${countyJobs} = 0 THEN '0.0000'
        ELSE round((SELECT coalesce(sum(a.jobs_confirmed), 0) FROM applications a WHERE ${holder('a.agency_id')} AND ${submittedIn})::numeric / ${countyJobs}, 4)::text END)
  )`;

const kinds = { banks: `('bank')`, agencies: `('agency', 'support_institution')` };

/** The whole answer of /figures/banks or /figures/agencies as the oracle computes it. */
export async function expectedFigures(prisma: PrismaClient, family: 'banks' | 'agencies', from: Date, to: Date) {
  const figures = family === 'banks' ? bankSql : agencySql;
  const ofOrganization = (column: string) => `${column} = o.id`;
  const ofCounty = (column: string) => `${column} IN (SELECT id FROM organizations WHERE kind IN ${kinds[family]})`;
  const rows = await prisma.$queryRawUnsafe<{ row: Record<string, unknown> }[]>(
    `SELECT json_build_object('organizationId', o.id, 'kind', o.kind, 'name', o.name, 'nameFa', o.name_fa)::jsonb || ${figures(ofOrganization)}::jsonb AS row
     FROM organizations o WHERE o.kind IN ${kinds[family]} ORDER BY o.id`,
    from, to,
  );
  const [county] = await prisma.$queryRawUnsafe<{ row: Record<string, unknown> }[]>(`SELECT ${figures(ofCounty)} AS row`, from, to);
  return { organizations: rows.map((r) => r.row), county: county!.row };
}

/**
 * Per category and per district, again by correlated sub-queries. The vocabularies are written
 * out here rather than imported, so a word dropped from domain/vocabulary.ts shows as a difference.
 */
const vocabularies = {
  category: `ARRAY['micro_workshop', 'home_business', 'local_innovative_project', 'agricultural', 'handicrafts', 'tourism', 'services', 'knowledge_based']`,
  district: `ARRAY['central', 'rudboneh', 'lahijan_city', 'shalman', 'liseh_rud', 'leyla_kuh', 'baz_kiyagurab', 'other']`,
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
export async function expectedSpread(prisma: PrismaClient, family: 'categories' | 'districts', from: Date, to: Date) {
  const column = family === 'categories' ? 'category' : 'district';
  const words = vocabularies[column];
  const rows = await prisma.$queryRawUnsafe<{ row: Record<string, unknown> }[]>(
    `SELECT json_build_object('${column}', w.word)::jsonb || ${spreadSql((c) => `${c} = w.word`, column)}::jsonb AS row
     FROM unnest(${words}) WITH ORDINALITY AS w(word, n) ORDER BY w.n`,
    from, to,
  );
  const [county] = await prisma.$queryRawUnsafe<{ row: Record<string, unknown> }[]>(`SELECT ${spreadSql((c) => `${c} = ANY(${words})`, column)} AS row`, from, to);
  return { [family]: rows.map((r) => r.row), county: county!.row };
}
