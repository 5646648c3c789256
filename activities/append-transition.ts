import type { ApplicationState, TransitionRecord } from '../domain/application-state';
import type { PrismaClient } from '../generated/prisma/client';

/**
 * Steps whose persistence is only the audit row and the application's current fields. The
 * submission creates the application and looks for duplicates, an approval checks the bank's
 * allocation under a lock, a tranche writes its disbursement: those take the full transaction.
 */
const appendOnly = (step: string): boolean => step !== 'submit' && step !== 'approve' && step !== 'disburseTranche';

const json = (value: unknown): string | null => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * The common case of persistTransition in one statement, so one round trip instead of a
 * transaction's five: insert the audit row unless one is at this sequence, and, only if it was
 * inserted, move the application's row forward. One statement is atomic on its own (PostgreSQL
 * runs every data-modifying part of a WITH to completion, or none). Answers false when the row
 * was already there (a retry, or a row to repair): the caller then takes the full path, which
 * compares hashes. The application row must exist (the submission wrote it).
 */
export async function appendTransition(prisma: PrismaClient, state: ApplicationState, record: TransitionRecord, hash: string): Promise<boolean> {
  if (!appendOnly(record.step)) return false;
  const { actor } = record;
  // Prepared (db/prepared-statements.ts): every step but three runs this one text.
  const rows = await prisma.$queryRaw<{ inserted: number }[]>`/* prepared */
    WITH inserted AS (
      INSERT INTO application_steps (application_id, sequence, step, stage_after, actor_user_id, actor_org_id, actor_role, comment, data, occurred_at, transition_hash)
      VALUES (${record.applicationId}, ${record.sequence}, ${record.step}, ${record.stageAfter}, ${actor?.userId ?? null}, ${actor?.organizationId ?? null},
              ${actor?.role ?? null}, ${record.comment}, ${json(record.data ?? {})}::jsonb, ${record.occurredAt}::timestamptz, ${hash})
      ON CONFLICT (application_id, sequence) DO NOTHING
      RETURNING application_id
    ), moved AS (
      UPDATE applications SET
        stage = ${state.stage}, review_step = ${state.reviewStep}, district = ${state.district}, category = ${state.category},
        priority = ${state.priority}, bank_id = ${state.bankId}, approved_amount = ${state.approvedAmount}::numeric,
        approved_terms = ${state.approvedTerms}, rejection_reason = ${state.rejectionReason}, disbursed_amount = ${state.disbursedAmount}::numeric,
        jobs_confirmed = ${state.jobsConfirmed}::int, pending_tranche = ${json(state.pendingTranche)}::jsonb, pending_approval = ${json(state.pendingApproval)}::jsonb,
        updated_at = ${record.occurredAt}::timestamptz, closed_at = ${state.closedAt ?? null}::timestamptz, last_sequence = ${record.sequence}
      -- The row only moves forward, so a late retry never overwrites news.
      WHERE id = ${state.applicationId} AND last_sequence < ${record.sequence} AND id IN (SELECT application_id FROM inserted)
      RETURNING id
    )
    SELECT (SELECT count(*) FROM inserted)::int AS inserted`;
  return rows[0]?.inserted === 1;
}
