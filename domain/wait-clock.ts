import type { ApplicationState } from './application-state';
import { calendarOf, type EscalationPolicy, type Wait, type WaitKind } from './deadlines';

/**
 * The clock of one wait, as pure functions: when it started, how long it was stopped, and
 * when each rung of its ladder falls due. A wait starts at the transition that began it (not
 * when the workflow got round to it), and the bank's clock stops while the agency answers the
 * bank's questions, then resumes where it stopped.
 */

export interface WaitClock {
  kind: WaitKind;
  /** Names the wait in notice keys; a resumed wait keeps the id it began with. */
  waitId: string;
  /** Epoch ms at which the wait began. */
  since: number;
  /** How long the clock was stopped, in ms. */
  pausedMs: number;
}

/** A bank's clock stopped while the agency answers its request for information. */
export interface PausedClock extends WaitClock {
  pausedAt: number;
}

/** When the state's latest transition happened; states recorded before it existed fall back. */
export const transitionTimeOf = (state: ApplicationState, fallback: number): number =>
  state.lastTransitionAt ? Date.parse(state.lastTransitionAt) : fallback;

/**
 * The clock of the wait that began at `at` with transition `sequence`, and what remains
 * stopped: a paused bank clock resumes when the same bank step is awaited again, and survives
 * only the agency's answer; any other wait means the bank's step is over.
 */
export function clockFor(wait: Wait, sequence: number, at: number, paused: PausedClock | null): { clock: WaitClock; paused: PausedClock | null } {
  if (paused?.kind === wait.kind) {
    const { pausedAt, ...resumed } = paused;
    return { clock: { ...resumed, pausedMs: resumed.pausedMs + Math.max(0, at - pausedAt) }, paused: null };
  }
  const clock = { kind: wait.kind, waitId: `${wait.kind}#${sequence}`, since: at, pausedMs: 0 };
  return { clock, paused: wait.kind === 'information_requested' ? paused : null };
}

/** The clock to keep when a wait ends at `at` and the application moved to `next`. */
export function pauseOnInformationRequest(clock: WaitClock, next: ApplicationState, at: number, previous: PausedClock | null): PausedClock | null {
  if (clock.kind.startsWith('bank_review.') && next.stage === 'information_requested') return { ...clock, pausedAt: at };
  return previous;
}

/**
 * The instant `afterDays` working days into the wait. The stopped time moves the start, so the
 * deadline still falls on a working day and agrees with `workingDaysWaited`.
 */
export function dueAt(policy: EscalationPolicy, clock: WaitClock, afterDays: number): number {
  const calendar = calendarOf(policy);
  return calendar.addWorkingDays(new Date(clock.since + clock.pausedMs), afterDays, { dayLengthMs: policy.dayLengthMs }).getTime();
}

/** Working days the holder has had the case by `now`, the stopped time left out. */
export function workingDaysWaited(policy: EscalationPolicy, clock: WaitClock, now: number): number {
  const calendar = calendarOf(policy);
  return calendar.workingDaysBetween(new Date(clock.since + clock.pausedMs), new Date(now), { dayLengthMs: policy.dayLengthMs });
}
