import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities';

type Activities = ReturnType<typeof createActivities>;

export interface WeeklyDigestInput {
  /** Report the last whole week before this ISO instant; unset: before the run's start (the Schedule's firing). */
  asOf?: string;
}

export interface WeeklyDigestOutcome {
  /** The week reported, `1405-08-30..1405-09-06`: the key of its one email. */
  week: string;
  /** The email's status in the outbox: `sent`, or what an earlier run of the same week left. */
  status: string;
}

const { computeWeeklyDigest, recordWeeklyDigest } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

const { sendWeeklyDigest } = proxyActivities<Activities>({
  // Room for a wait on another run's claim (CLAIM_GRACE_MS) and then a send (SMTP_DEADLINE_MS).
  startToCloseTimeout: '3 minutes',
  // A worker that dies mid-send is noticed within seconds; the outbox row makes the retry safe.
  heartbeatTimeout: '10 seconds',
  // SMTP may be down for hours.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/**
 * The weekly digest to the governor's office: the figures, recorded in the outbox under the
 * week's key, then sent. Every run of the same week (the Schedule firing twice, a manual run)
 * finds the first run's row, so the week gets one email.
 */
export async function weeklyDigestWorkflow(input: WeeklyDigestInput = {}): Promise<WeeklyDigestOutcome> {
  // The run's start time is fixed in its history, so a replay computes the same week.
  const asOf = input.asOf ?? workflowInfo().startTime.toISOString();
  const digest = await computeWeeklyDigest({ asOf });
  await recordWeeklyDigest(digest);
  const status = await sendWeeklyDigest(digest.week.label);
  return { week: digest.week.label, status };
}
