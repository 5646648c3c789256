import { ApplicationFailure } from '@temporalio/activity';
import { exceedsAllocation, remainingAllocation } from '../domain/allocations';
import type { ApplicationState, TransitionRecord } from '../domain/application-state';
import { jalaliDateInIran } from '../domain/calendar/iran-time';
import { ErrorCode } from '../domain/errors';
import { resolvePeriod } from '../domain/figures/period';
import type { Prisma } from '../generated/prisma/client';

/**
 * Refuses an approval that would take the bank past its remaining lending allocation for the
 * Jalali year of the approval (Tehran time); see domain/allocations.ts for what is committed.
 *
 * Runs inside the transaction that records the approval, after a row lock on the allocation:
 * a second approval at the same bank waits for the first to commit or roll back and then
 * counts it (each statement of READ COMMITTED sees what committed before it began), so two
 * approvals never both pass when only one fits. The failure is non-retryable: the same
 * approval cannot fit until an admin raises the allocation.
 */
export async function checkLendingLimit(tx: Prisma.TransactionClient, state: ApplicationState, record: TransitionRecord): Promise<void> {
  if (record.step !== 'approve' || state.bankId === null || state.approvedAmount === null) return;
  const approvedAt = new Date(record.occurredAt);
  const year = jalaliDateInIran(approvedAt).year;
  const [allocation] = await tx.$queryRaw<{ amount: string }[]>`
    SELECT amount::text AS amount FROM lending_allocations
    WHERE year = ${year} AND bank_id = ${state.bankId} FOR UPDATE`;
  if (!allocation) return;
  const { from, to } = resolvePeriod({ year }, approvedAt);
  // This application is left out: a retried or repaired write may find its own earlier row.
  const [{ committed }] = (await tx.$queryRaw<{ committed: string }[]>`
    SELECT coalesce(sum(a.approved_amount), 0)::text AS committed
    FROM application_steps s JOIN applications a ON a.id = s.application_id
    WHERE s.step = 'approve' AND s.occurred_at >= ${from} AND s.occurred_at < ${to}
      AND a.bank_id = ${state.bankId} AND a.stage <> 'withdrawn' AND a.id <> ${state.applicationId}`) as [{ committed: string }];
  const check = { allocation: allocation.amount, committed, amount: state.approvedAmount };
  if (!exceedsAllocation(check)) return;
  const remaining = remainingAllocation(check.allocation, committed);
  throw ApplicationFailure.create({
    type: ErrorCode.ExceedsLendingLimit,
    message: `approving ${check.amount} rials would take the bank past its lending allocation for ${year}: ${check.allocation} allocated, ${remaining} remaining (exceeds_lending_limit)`,
    nonRetryable: true,
    details: [{ field: 'amount' }],
  });
}
