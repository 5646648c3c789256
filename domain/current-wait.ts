import type { ApplicationState } from './application-state';
import { deadlineDaysFor, type EscalationPolicy, type Wait, type WaitKind, waitOf } from './deadlines';
import type { Category, ReviewStep, Stage } from './vocabulary';
import { clockFor, dueAt, type PausedClock, pauseOnInformationRequest, type WaitClock, workingDaysWaited } from './wait-clock';

/**
 * The clock of the wait an application is in now, rebuilt from its audit trail the way the
 * workflow's deadline supervisor keeps it (workflows/deadline-supervisor.ts): every transition
 * starts the wait it leads to, a bank clock stopped by a request for information resumes when
 * the bank's same step is awaited again. Pure: the pages read the trail from the database
 * instead of asking each workflow.
 */

/** One row of the audit trail (application_steps), as much as the clock needs. */
export interface TrailStep {
  sequence: number;
  step: string;
  stageAfter: string;
  occurredAt: Date;
}

/** The application as the projection holds it now. */
export interface WaitingApplication {
  stage: string;
  reviewStep: string | null;
  agencyId: string;
  bankId: string | null;
  category: string | null;
  /** Working days an official added to the wait `extensionWaitId` (the workflow's state.extension). */
  extensionWaitId?: string | null;
  extensionDays?: number;
}

export interface CurrentWait {
  kind: WaitKind;
  holderOrganizationId: string;
  /** Names the wait as the escalations' keys do (`<application>/<waitId>/<level>/<round>`). */
  waitId: string;
  /** When the wait began (a resumed bank wait: when it first began). */
  since: Date;
  /** The supervisor's deadline, with any extension granted; null without a policy (nobody is reminded). */
  deadline: Date | null;
  /** Working days the holder has had it, stopped time left out; null without a policy's calendar. */
  workingDaysWaited: number | null;
}

/**
 * The steps across which a clock can carry: a bank's clock stops at a request for information
 * and resumes at its answer. Before the last step of any other kind nothing reaches the current
 * wait's clock, so a trail may start there (the inbox reads no more of it).
 */
export const clockCarryingSteps = ['requestInformation', 'answerInformationRequest'] as const;

/** The bank's review step after each step of the trail; steps absent keep the one before. */
const reviewStepAfter: Record<string, ReviewStep | null> = {
  submit: null,
  categorize: 'acknowledge',
  reassign: 'acknowledge',
  acknowledgeReceipt: 'documents',
  checkDocuments: 'credit_assessment',
  assessCredit: 'decision',
  approve: null,
  reject: null,
  withdraw: null,
};

/** The fields of the state `waitOf` and `pauseOnInformationRequest` read. */
type WaitingState = Pick<ApplicationState, 'stage' | 'reviewStep' | 'agencyId' | 'bankId'>;
// Both read only these fields; the cast spares building a whole ApplicationState per step.
const asState = (state: WaitingState): ApplicationState => state as ApplicationState;
// Literals, not spreads: object spread is slow in V8, and the inbox does this for every step of 500 cases.
const stateOf = (holders: Pick<WaitingApplication, 'agencyId' | 'bankId'>, stage: string, reviewStep: string | null): WaitingState => ({
  agencyId: holders.agencyId,
  bankId: holders.bankId,
  stage: stage as Stage,
  reviewStep: reviewStep as ReviewStep | null,
});

/** What the application waits for now and who holds it, from its row alone. */
export const waitOfApplication = (application: Omit<WaitingApplication, 'category'>): Wait | null =>
  waitOf(asState(stateOf(application, application.stage, application.reviewStep)));


export function currentWait(
  application: WaitingApplication,
  trail: readonly TrailStep[],
  policy: EscalationPolicy | undefined,
  now: Date,
): CurrentWait | null {
  const steps = [...trail].sort((a, b) => a.sequence - b.sequence);
  const last = steps[steps.length - 1];
  if (!last) return null;
  const wait = waitOfApplication(application);
  if (!wait) return null;

  // Replay every earlier wait for the one thing that outlives it: a bank clock stopped.
  let paused: PausedClock | null = null;
  let reviewStep: ReviewStep | null = null;
  let clock: WaitClock | null = null;
  for (const row of steps) {
    if (Object.hasOwn(reviewStepAfter, row.step)) reviewStep = reviewStepAfter[row.step]!;
    const state = stateOf(application, row.stageAfter, reviewStep);
    const at = row.occurredAt.getTime();
    if (clock) paused = pauseOnInformationRequest(clock, asState(state), at, paused);
    const rowWait = row === last ? wait : waitOf(asState(state));
    clock = null;
    if (!rowWait) continue;
    const began = clockFor(rowWait, row.sequence, at, paused);
    paused = began.paused;
    clock = began.clock;
  }
  const current = clock!;
  const extension = application.extensionWaitId === current.waitId ? (application.extensionDays ?? 0) : 0;
  const deadlineDays = policy ? deadlineDaysFor(policy, wait.kind, application.category as Category | null) + extension : 0;
  return {
    kind: wait.kind,
    holderOrganizationId: wait.holderOrganizationId,
    waitId: current.waitId,
    since: new Date(current.since),
    deadline: policy ? new Date(dueAt(policy, current, deadlineDays)) : null,
    workingDaysWaited: policy ? workingDaysWaited(policy, current, now.getTime()) : null,
  };
}
