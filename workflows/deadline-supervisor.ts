import {
  ActivityCancellationType,
  ActivityFailure,
  CancellationScope,
  condition,
  isCancellation,
  log,
  patched,
  proxyActivities,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { ApplicationState } from '../domain/application-state';
import { type ActiveWait, extensionDaysOf } from '../domain/case-notes';
import { escalationLevelNumber, searchAttributes } from '../domain/contract';
import { deadlineDaysFor, type EscalationPolicy, ladder, type Wait, waitOf } from '../domain/deadlines';
import type { StalledCaseNotice } from '../domain/escalation';
import { isFinalStage } from '../domain/vocabulary';
import { clockFor, dueAt, type PausedClock, pauseOnInformationRequest, transitionTimeOf, type WaitClock, workingDaysWaited } from '../domain/wait-clock';

const { notifyStalledCase } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  // The notice is sent exactly once per key however often this retries: SMTP may be down for
  // hours. It never holds up the clock. Once its wait has ended, its next attempt finds the
  // application moved on and settles it without sending (notify-stalled-case.ts).
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
  // Runs from before NOTICES_OUTLIVE_WAIT cancel notices: a cancelled one settles only when the
  // server confirms, so the run never completes while one may still report back.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
});

/**
 * A notice is no longer cancelled when its wait ends. The server never retries a cancelled
 * activity, so a notice whose sender died mid-send was left `sending` for good, where its retry
 * would have settled it as `unconfirmed`. Its retry also settles a notice of an ended wait.
 */
export const NOTICES_OUTLIVE_WAIT = 'notices-outlive-their-wait';

/** What a continued run's supervisor needs from the run before it: a bank clock stopped. */
export interface SupervisorCarry {
  paused: PausedClock | null;
}

export interface Supervision {
  applicationId: string;
  /** Deadlines and escalation; without, only the stage is kept in the search attributes. */
  policy: EscalationPolicy | undefined;
  current: () => ApplicationState;
  /** Asked between waits: true when the run should continue as new (the history is long). */
  shouldContinueAsNew: () => boolean;
  /** Told of each wait as it begins (with deadlines), and of its end (null): case work extends it. */
  onWait?: (wait: ActiveWait | null) => void;
}

/**
 * Watches the application's waits with durable timers, one after another, and keeps the
 * search attributes that the stalled-case list reads true: every wait runs its escalation
 * ladder until a transition ends it. Returns null when the application reaches a final stage,
 * or what the next run needs when it should continue as new. No cron, no table scan.
 */
export async function superviseDeadlines(supervision: Supervision, carried?: SupervisorCarry): Promise<SupervisorCarry | null> {
  const { current, policy } = supervision;
  let paused = carried?.paused ?? null;
  const notices = new Set<Promise<void>>();
  for (;;) {
    const state = current();
    if (isFinalStage(state.stage)) {
      showNoWait(state);
      await Promise.all(notices);
      return null;
    }
    if (supervision.shouldContinueAsNew()) {
      await Promise.all(notices);
      return { paused };
    }
    const sequence = state.sequence;
    const ended = () => current().sequence !== sequence;
    const wait = waitOf(state);
    if (wait === null || policy === undefined) {
      if (wait === null) showNoWait(state);
      else upsertSearchAttributes([{ key: searchAttributes.stage, value: state.stage }]);
      await condition(ended);
      continue;
    }
    const began = clockFor(wait, sequence, transitionTimeOf(state, Date.now()), paused);
    paused = began.paused;
    await superviseWait(supervision, policy, wait, began.clock, ended, notices);
    paused = pauseOnInformationRequest(began.clock, current(), transitionTimeOf(current(), Date.now()), paused);
  }
}

/** Nobody holds the case (waiting out the follow-up period, or final): it is never stalled. */
function showNoWait(state: ApplicationState): void {
  upsertSearchAttributes([
    { key: searchAttributes.stage, value: state.stage },
    { key: searchAttributes.holdingOrganization, value: null },
    { key: searchAttributes.deadline, value: null },
    { key: searchAttributes.escalationLevel, value: null },
  ]);
}

/**
 * Runs one wait's ladder until `ended`. Each notice's promise stays in `inFlight` until it
 * settles (it never rejects); the run awaits them before it completes or continues as new.
 */
async function superviseWait(
  supervision: Supervision,
  policy: EscalationPolicy,
  wait: Wait,
  clock: WaitClock,
  ended: () => boolean,
  inFlight: Set<Promise<void>>,
): Promise<void> {
  const { applicationId, current } = supervision;
  const deadlineDays = deadlineDaysFor(policy, wait.kind, current().category);
  // Working days an official granted this wait: every rung not yet reached moves by as many.
  const extension = () => extensionDaysOf(current(), clock.waitId);
  let granted = extension();
  const deadlineWith = (days: number) => dueAt(policy, clock, deadlineDays + days);
  upsertSearchAttributes([
    { key: searchAttributes.stage, value: current().stage },
    { key: searchAttributes.holdingOrganization, value: wait.holderOrganizationId },
    { key: searchAttributes.escalationLevel, value: escalationLevelNumber.none },
    { key: searchAttributes.deadline, value: new Date(deadlineWith(granted)) },
  ]);
  supervision.onWait?.({ waitId: clock.waitId, kind: wait.kind, holderOrganizationId: wait.holderOrganizationId, deadlineWith: (days) => new Date(deadlineWith(days)) });

  const notices = new CancellationScope();
  try {
    for (const rungs of ladder(policy, deadlineDays)) {
      for (;;) {
        const at = dueAt(policy, clock, rungs[0]!.afterDays + granted);
        const extended = () => extension() !== granted;
        if (!(await condition(() => ended() || extended(), Math.max(at - Date.now(), 1)))) break;
        if (ended()) return;
        granted = extension();
        upsertSearchAttributes([{ key: searchAttributes.deadline, value: new Date(deadlineWith(granted)) }]);
      }
      for (const rung of rungs) {
        const notice: StalledCaseNotice = {
          key: `${applicationId}/${clock.waitId}/${rung.level}/${rung.round}`,
          applicationId,
          level: rung.level,
          round: rung.round,
          waitingFor: wait.kind,
          holderOrganizationId: wait.holderOrganizationId,
          waitingSince: new Date(clock.since).toISOString(),
          deadline: new Date(deadlineWith(granted)).toISOString(),
          workingDaysWaited: workingDaysWaited(policy, clock, Date.now()),
          stateSequence: current().sequence,
        };
        // Not awaited: a notice that SMTP holds up must not hold up the next rung's clock.
        const sent: Promise<void> = notices
          .run(() => notifyStalledCase(notice))
          .catch((error: unknown) => reportFailedNotice(notice, error))
          .finally(() => inFlight.delete(sent));
        inFlight.add(sent);
      }
      const highest = rungs[rungs.length - 1]!.level;
      upsertSearchAttributes([{ key: searchAttributes.escalationLevel, value: escalationLevelNumber[highest] }]);
    }
    // The ladder is capped; the wait goes on until someone acts.
    await condition(ended);
  } finally {
    supervision.onWait?.(null);
    if (!patched(NOTICES_OUTLIVE_WAIT)) notices.cancel();
  }
}

function reportFailedNotice(notice: StalledCaseNotice, error: unknown): void {
  if (isCancellation(error)) return;
  const cause = error instanceof ActivityFailure ? error.cause : error;
  log.error('a stalled-case notice failed for good', { key: notice.key, error: cause instanceof Error ? cause.message : String(cause) });
}
