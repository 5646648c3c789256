import { ActivityFailure, ApplicationFailure, log, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { PersistTransitionInput } from '../activities/persist-transition';
import { ErrorCode } from '../domain/errors';

type Activities = ReturnType<typeof createActivities>;

// First in the worker that runs the workflow task, so a step completes in one task; bounded,
// because while a local activity retries the worker keeps the task open with heartbeats that
// each add events to the history (about 1,350 an hour during a database outage).
// The attempts are counted, not timed: the SDK did not end local retries at a schedule-to-close
// here. Eight attempts with this backoff span about 20 seconds.
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '10 seconds',
  scheduleToCloseTimeout: '30 seconds',
  retry: {
    initialInterval: '200 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '5 seconds',
    maximumAttempts: 8,
    nonRetryableErrorTypes: [ErrorCode.Unstorable],
  },
});
// Then as a normal activity, whose retries add nothing to the history however long they last.
const remote = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: [ErrorCode.Unstorable] },
});

const isUnstorable = (error: unknown): boolean =>
  error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === ErrorCode.Unstorable;

/** The failure an Update caller receives when the database refuses the step's data. */
const unstorable = (error: unknown): ApplicationFailure =>
  ApplicationFailure.create({
    type: ErrorCode.Unstorable,
    message: (error instanceof ActivityFailure && error.cause?.message) || 'the database refused the step',
    nonRetryable: true,
  });

/**
 * Writes one transition to the database projection. Retries until the database takes it,
 * except when the database refuses the data itself: then it throws an Unstorable failure and
 * the caller must not take the step.
 */
export async function persistTransition(input: PersistTransitionInput): Promise<void> {
  try {
    await local.persistTransition(input);
    return;
  } catch (error) {
    if (isUnstorable(error)) throw unstorable(error);
    log.warn('persistence did not finish in time; handing it to a normal activity', { sequence: input.record.sequence });
  }
  try {
    await remote.persistTransition(input);
  } catch (error) {
    throw isUnstorable(error) ? unstorable(error) : error;
  }
}
