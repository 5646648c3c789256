import type { ApplicationState } from './application-state';
import { createWorkingCalendar, type JalaliDate, type Weekday, type WorkingCalendar } from './calendar';
import type { NotificationLevel } from './escalation';
import type { Category } from './vocabulary';

/**
 * Deadlines and the escalation ladder, as pure functions of the application's state and the
 * policy the workflow was started with (the policy travels in the workflow input, so a change
 * of configuration never changes the timers of a running workflow on replay).
 */

export const waitKinds = [
  'categorization',
  'returned_for_documents',
  'bank_review.acknowledge',
  'bank_review.documents',
  'bank_review.credit_assessment',
  'bank_review.decision',
  'information_requested',
  'disbursement',
  'employment_follow_up',
] as const;
export type WaitKind = (typeof waitKinds)[number];

export interface EscalationPolicy {
  weekend: Weekday[];
  holidays: JalaliDate[];
  /** Length of a working day; 86 400 000 uses the real calendar, less is the test/demo mode. */
  dayLengthMs: number;
  /** Working days each waiting step may take. */
  deadlineDays: Record<WaitKind, number>;
  /** Per-category replacements of `deadlineDays`. */
  categoryDeadlineDays: Partial<Record<Category, Partial<Record<WaitKind, number>>>>;
  /** Working days from the reminder (at the deadline) to the governor's office. */
  escalateAfterDays: number;
  /** Working days between repeated escalations while the case stays stalled. */
  repeatEveryDays: number;
  /** After this many escalations to the governor's office the province's office is added; null: never. */
  provinceAfterRepeats: number | null;
  /**
   * Repeats of the escalation after the first; one repeat interval after the last, a final
   * `abandoned` notice ends the ladder. Absent in policies of workflows started before the cap.
   */
  maxRepeats?: number;
  /** Working days from the last tranche to the employment follow-up; absent in older policies. */
  followUpAfterDays?: number;
  /** Working days an official may add to one wait, in all; absent in older policies (the default applies). */
  maxExtensionDays?: number;
}

export interface Wait {
  kind: WaitKind;
  holderOrganizationId: string;
}

/** What the application waits for now, and who holds it; null when nobody is expected to act. */
export function waitOf(state: ApplicationState): Wait | null {
  const agency = (kind: WaitKind): Wait => ({ kind, holderOrganizationId: state.agencyId });
  const bank = (kind: WaitKind): Wait | null => (state.bankId ? { kind, holderOrganizationId: state.bankId } : null);
  switch (state.stage) {
    case 'categorization':
    case 'returned_for_documents':
    case 'information_requested':
    case 'employment_follow_up':
      return agency(state.stage);
    case 'bank_review':
      return bank(`bank_review.${state.reviewStep ?? 'acknowledge'}` as WaitKind);
    case 'disbursement':
      return bank('disbursement');
    default:
      return null;
  }
}

export function deadlineDaysFor(policy: EscalationPolicy, kind: WaitKind, category: Category | null): number {
  return (category ? policy.categoryDeadlineDays[category]?.[kind] : undefined) ?? policy.deadlineDays[kind];
}

export interface Rung {
  level: NotificationLevel;
  round: number;
  /** Working days after the wait began at which this notice is due. */
  afterDays: number;
}

/**
 * The ladder of one wait, in order: a reminder at the deadline, the governor's office
 * `escalateAfterDays` later, then repeats every `repeatEveryDays`, the province joining the
 * repeats from `provinceAfterRepeats` on. With `maxRepeats`, one repeat interval after the last
 * repeat an `abandoned` notice ends it; without (older policies) it is endless and the caller
 * stops when the wait ends.
 */
export function* ladder(policy: EscalationPolicy, deadlineDays: number): Generator<Rung[]> {
  yield [{ level: 'reminder', round: 0, afterDays: deadlineDays }];
  const escalationAt = (round: number) => deadlineDays + policy.escalateAfterDays + round * policy.repeatEveryDays;
  for (let round = 0; policy.maxRepeats === undefined || round <= policy.maxRepeats; round++) {
    const afterDays = escalationAt(round);
    const rungs: Rung[] = [{ level: 'governors_office', round, afterDays }];
    if (policy.provinceAfterRepeats !== null && round >= policy.provinceAfterRepeats) {
      rungs.push({ level: 'province', round: round - policy.provinceAfterRepeats, afterDays });
    }
    yield rungs;
  }
  yield [{ level: 'abandoned', round: 0, afterDays: escalationAt(policy.maxRepeats! + 1) }];
}

/**
 * When the employment follow-up opens: `followUpAfterDays` working days after the last tranche
 * where the policy says so, else the fixed interval of older workflows (and of tests).
 */
export function followUpDueAt(state: ApplicationState, policy: EscalationPolicy | undefined, followUpAfterMs: number): number {
  const paidAt = new Date(state.tranches[state.tranches.length - 1]?.paidAt ?? state.lastTransitionAt ?? state.stageEnteredAt);
  if (policy?.followUpAfterDays === undefined) return paidAt.getTime() + followUpAfterMs;
  return calendarOf(policy).addWorkingDays(paidAt, policy.followUpAfterDays, { dayLengthMs: policy.dayLengthMs }).getTime();
}

// One calendar per policy object: the supervisor asks for it at every rung of every wait.
const calendars = new WeakMap<EscalationPolicy, WorkingCalendar>();

export function calendarOf(policy: EscalationPolicy): WorkingCalendar {
  let calendar = calendars.get(policy);
  if (!calendar) {
    calendar = createWorkingCalendar({ weekend: policy.weekend, holidays: policy.holidays });
    calendars.set(policy, calendar);
  }
  return calendar;
}
