import { type Rial, compareRial, subtractRial } from './rial';

/**
 * The rules of annual allocations, shared by the approval check, the absorption figures and the
 * admin's tools.
 *
 * A bank's allocation for a Jalali year is what it may approve in that year. Committed against
 * it: the approved amounts of the bank's approvals whose approve step happened in that year
 * (Tehran time), except applications withdrawn since (the money will not be lent, so it is
 * released). An approval cannot be rejected afterwards, so withdrawal is the one release.
 * A year without an allocation for the bank has no limit.
 */

export type AllocationKind = 'lending_allocation' | 'jobs_target';

/** A jobs target larger than this is a typing mistake, not a county's plan. */
export const MAX_JOBS_TARGET = 10_000_000;

export interface LendingCheck {
  allocation: Rial;
  committed: Rial;
  amount: Rial;
}

/** The remaining allocation: negative when an admin lowered it below what is already approved. */
export const remainingAllocation = (allocation: Rial, committed: Rial): string => subtractRial(allocation, committed);

/** True when approving `amount` would take the bank past its allocation. */
export const exceedsAllocation = ({ allocation, committed, amount }: LendingCheck): boolean =>
  compareRial(amount, remainingAllocation(allocation, committed)) > 0;

/** `part ÷ whole` to four places, rounded half up, exact for rials past 2^53; "0.0000" when the whole is nothing. */
export function rate(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0.0000';
  const tenThousandths = (part * 20_000n + whole) / (2n * whole);
  return `${tenThousandths / 10_000n}.${String(tenThousandths % 10_000n).padStart(4, '0')}`;
}
