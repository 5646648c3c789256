import { ActivityFailure, ApplicationFailure, log, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { PersistCaseNoteInput } from '../activities/persist-case-note';
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
    nonRetryableErrorTypes: [ErrorCode.Unstorable, ErrorCode.ExceedsLendingLimit],
  },
});
// Then as a normal activity, whose retries add nothing to the history however long they last.
const remote = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: [ErrorCode.Unstorable, ErrorCode.ExceedsLendingLimit] },
});

/** The activity's refusals of a step, which no retry can change: the step must not be taken. */
const refusals: readonly string[] = [ErrorCode.Unstorable, ErrorCode.ExceedsLendingLimit];

/**
 * The refusal behind a failed persistence, if any. A normal activity's failure arrives as an
 * ActivityFailure around it; a local activity's as the ApplicationFailure itself. Only the
 * lending limit is read there: an Unstorable local failure has always gone on to the normal
 * activity, and recorded histories replay that way.
 */
function refusalOf(error: unknown): ApplicationFailure | undefined {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && refusals.includes(error.cause.type ?? '')) return error.cause;
  if (error instanceof ApplicationFailure && error.type === ErrorCode.ExceedsLendingLimit) return error;
  return undefined;
}

/** The failure an Update caller receives when the database refuses the step (its data, or the bank's allocation). */
const refusedStep = (refusal: ApplicationFailure): ApplicationFailure =>
  ApplicationFailure.create({
    type: refusal.type ?? ErrorCode.Unstorable,
    message: refusal.message || 'the database refused the step',
    nonRetryable: true,
    details: refusal.details ?? [],
  });

/**
 * Writes one transition to the database projection. Retries until the database takes it,
 * except when the database refuses the step (its data: Unstorable; the bank's allocation:
 * ExceedsLendingLimit): then it throws that failure and the caller must not take the step.
 */
export function persistTransition(input: PersistTransitionInput): Promise<void> {
  return persistWith((activities) => activities.persistTransition(input), { sequence: input.record.sequence });
}

/** Writes one case note (a comment, an extension) the same way: retried until taken, or refused. */
export function persistCaseNote(input: PersistCaseNoteInput): Promise<void> {
  return persistWith((activities) => activities.persistCaseNote(input), { note: input.note.number });
}

/** First as a local activity, then, if that did not finish in time, as a normal one. */
async function persistWith(run: (activities: typeof local) => Promise<void>, context: Record<string, number>): Promise<void> {
  try {
    await run(local);
    return;
  } catch (error) {
    const refusal = refusalOf(error);
    if (refusal) throw refusedStep(refusal);
    log.warn('persistence did not finish in time; handing it to a normal activity', context);
  }
  try {
    await run(remote);
  } catch (error) {
    const refusal = refusalOf(error);
    throw refusal ? refusedStep(refusal) : error;
  }
}
