import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';

type Activities = ReturnType<typeof createActivities>;

export interface ParticularsRetentionInput {
  /** Erase what was due before this ISO instant; unset: the run's start (the Schedule's firing). */
  asOf?: string;
}

export interface ParticularsRetentionOutcome {
  asOf: string;
  /** Applicants whose particulars this run erased (0 when an earlier run got there first). */
  erased: number;
}

const { eraseExpiredParticulars } = proxyActivities<Activities>({
  // Batches of 500, each its own transaction: a large backlog (the first run) fits well within this.
  startToCloseTimeout: '10 minutes',
  // A retry finds the batches already done erased and goes on with the rest.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * The nightly erasure of applicants' particulars RETENTION_AFTER_CLOSURE_DAYS after their
 * application closed (the worker holds the period). What the figures count stays.
 */
export async function particularsRetentionWorkflow(input: ParticularsRetentionInput = {}): Promise<ParticularsRetentionOutcome> {
  // The run's start time is fixed in its history, so a replay and a retry share the same cut-off.
  const asOf = input.asOf ?? workflowInfo().startTime.toISOString();
  const erased = await eraseExpiredParticulars({ asOf });
  return { asOf, erased };
}
