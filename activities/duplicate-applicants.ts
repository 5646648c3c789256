import type { ApplicationState } from '../domain/application-state';
import { finalStages, type Stage } from '../domain/vocabulary';
import type { Prisma } from '../generated/prisma/client';

type Tx = Prisma.TransactionClient;

export type DuplicateKind = 'open' | 'paid';

export interface DuplicateApplicant {
  earlierApplicationId: string;
  kind: DuplicateKind;
}

/** After the payment a case only awaits its follow-up: a facility paid, not an open request. */
const afterPayment: readonly Stage[] = ['awaiting_follow_up', 'employment_follow_up'];
const notOpen = [...finalStages, ...afterPayment];

/**
 * The other applications of this submission's applicant (by the blind index of the national id,
 * security/field-cipher.ts) anywhere in the county:
 * `paid` when one had a tranche paid within `years` before the submission, else `open` while it
 * is still running. Takes a transaction-scoped advisory lock on the national id first, so two
 * agencies submitting the same person at once are serialised: the second to commit sees the
 * first and is flagged (each statement reads what was committed before it, at READ COMMITTED).
 */
export async function findDuplicateApplicants(tx: Tx, nationalIdIndex: string, state: ApplicationState, years: number): Promise<DuplicateApplicant[]> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`applicant:${nationalIdIndex}`}, 0))`;
  // Measured from the submission (workflow time), so a retried submission finds the same.
  const since = new Date(state.submittedAt);
  since.setUTCFullYear(since.getUTCFullYear() - years);
  const paidSince = { some: { paidAt: { gte: since } } } satisfies Prisma.DisbursementListRelationFilter;
  const earlier = await tx.application.findMany({
    where: {
      id: { not: state.applicationId },
      applicant: { nationalIdIndex },
      OR: [{ stage: { notIn: notOpen } }, ...(years > 0 ? [{ disbursements: paidSince }] : [])],
    },
    select: { id: true, _count: { select: { disbursements: { where: { paidAt: { gte: since } } } } } },
    orderBy: { id: 'asc' },
  });
  return earlier.map((row) => ({ earlierApplicationId: row.id, kind: years > 0 && row._count.disbursements > 0 ? 'paid' : 'open' }));
}

/** Records the findings against the new application; a retried submission writes nothing twice. */
export async function recordDuplicateApplicants(tx: Tx, applicationId: string, duplicates: DuplicateApplicant[]): Promise<void> {
  if (duplicates.length === 0) return;
  await tx.applicantDuplicate.createMany({ data: duplicates.map((d) => ({ applicationId, ...d })), skipDuplicates: true });
}
