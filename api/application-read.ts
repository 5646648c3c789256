import type { Actor } from '../domain/commands';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import type { ApplicationRow } from './representation';

/**
 * Applications with everything their representation shows, in one SQL statement: the same rows
 * as `findFirst`/`findMany({ include: applicationInclude })`, which take a query per relation. A
 * read is the API's most frequent request, and Prisma's per-query cost dominated it (issue 13).
 * Both statements are prepared (db/prepared-statements.ts): their text is fixed.
 */

/** One application; with `viewer`, one the viewer may not see reads as absent (api/access.ts's rule). */
export async function readApplication(prisma: PrismaClient, id: string, viewer?: Actor): Promise<ApplicationRow | null> {
  const [row] = await prisma.$queryRaw<RawApplication[]>(Prisma.sql`/* prepared */
    ${selectApplications} WHERE a.id = ${id} ${viewer ? visibleTo(viewer) : Prisma.empty}`);
  return row ? fromRaw(row) : null;
}

/** A page of applications by id, newest first, as the listing orders them. */
export async function readApplicationPage(prisma: PrismaClient, ids: string[]): Promise<ApplicationRow[]> {
  if (ids.length === 0) return [];
  // ANY($1) rather than IN (…): one text, and so one prepared statement, for every page size.
  const rows = await prisma.$queryRaw<RawApplication[]>(Prisma.sql`/* prepared */
    ${selectApplications} WHERE a.id = ANY(${ids}::text[]) ORDER BY a.submitted_at DESC, a.id DESC`);
  return rows.map(fromRaw);
}

const selectApplications = Prisma.sql`
  SELECT a.id, a.workflow_id AS "workflowId", a.agency_id AS "agencyId", a.agency_reference AS "agencyReference",
    a.applicant_id AS "applicantId", a.requested_amount AS "requestedAmount", a.purpose, a.jobs_committed AS "jobsCommitted",
    a.district, a.stage, a.review_step AS "reviewStep", a.category, a.priority, a.bank_id AS "bankId",
    a.approved_amount AS "approvedAmount", a.approved_terms AS "approvedTerms", a.rejection_reason AS "rejectionReason",
    a.disbursed_amount AS "disbursedAmount", a.jobs_confirmed AS "jobsConfirmed", a.extension_wait_id AS "extensionWaitId",
    a.extension_days AS "extensionDays", a.pending_tranche AS "pendingTranche", a.pending_approval AS "pendingApproval",
    a.last_sequence AS "lastSequence", a.submitted_at AS "submittedAt", a.updated_at AS "updatedAt", a.closed_at AS "closedAt",
    json_build_object('id', p.id, 'nationalId', p.national_id, 'fullName', p.full_name, 'phone', p.phone,
      'address', p.address, 'district', p.district, 'createdAt', p.created_at, 'erasedAt', p.erased_at) AS applicant,
    json_build_object('id', ag.id, 'name', ag.name, 'nameFa', ag.name_fa) AS agency,
    CASE WHEN b.id IS NULL THEN NULL ELSE json_build_object('id', b.id, 'name', b.name, 'nameFa', b.name_fa) END AS bank,
    -- Ordered in a subquery, off the keys' indexes: an ordered aggregate sets up a sort (costly
    -- on a text key) for every row, even when it has nothing to sort.
    (SELECT coalesce(json_agg(t.item), '[]') FROM (
      SELECT json_build_object('id', d.id::text, 'applicationId', d.application_id, 'trancheNumber', d.tranche_number,
        'amount', d.amount::text, 'paymentReference', d.payment_reference, 'paidAt', d.paid_at) AS item
      FROM disbursements d WHERE d.application_id = a.id ORDER BY d.tranche_number) t) AS disbursements,
    (SELECT coalesce(json_agg(t.item), '[]') FROM (
      SELECT json_build_object('kind', x.kind, 'earlier', json_build_object('id', e.id, 'agencyId', e.agency_id,
        'bankId', e.bank_id, 'agencyReference', e.agency_reference)) AS item
      FROM applicant_duplicates x JOIN applications e ON e.id = x.earlier_application_id
      WHERE x.application_id = a.id ORDER BY x.earlier_application_id) t) AS "duplicatesFound"
  FROM applications a
  JOIN applicants p ON p.id = a.applicant_id
  JOIN organizations ag ON ag.id = a.agency_id
  LEFT JOIN organizations b ON b.id = a.bank_id`;

/** api/access.ts's `visibleTo` as SQL over `applications a`. */
function visibleTo(viewer: Actor): Prisma.Sql {
  switch (viewer.role) {
    case 'agency':
      return Prisma.sql`AND a.agency_id = ${viewer.organizationId}`;
    case 'bank':
      return Prisma.sql`AND a.bank_id = ${viewer.organizationId}`;
    case 'official':
    case 'admin':
      return Prisma.empty;
  }
}

type Relations = 'applicant' | 'disbursements';
/** Scalar columns come typed by the driver (Decimal, Date, JSON); inside JSON, amounts, ids and times are text. */
type RawApplication = Omit<ApplicationRow, Relations> & {
  applicant: Omit<ApplicationRow['applicant'], 'createdAt' | 'erasedAt'> & { createdAt: string; erasedAt: string | null };
  disbursements: Array<Omit<ApplicationRow['disbursements'][number], 'id' | 'amount' | 'paidAt'> & { id: string; amount: string; paidAt: string }>;
};

function fromRaw(raw: RawApplication): ApplicationRow {
  return {
    ...raw,
    applicant: { ...raw.applicant, createdAt: new Date(raw.applicant.createdAt), erasedAt: raw.applicant.erasedAt === null ? null : new Date(raw.applicant.erasedAt) },
    disbursements: raw.disbursements.map((d) => ({ ...d, id: BigInt(d.id), amount: new Prisma.Decimal(d.amount), paidAt: new Date(d.paidAt) })),
  };
}
