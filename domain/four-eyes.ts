import type { ApplicationState, PendingApproval, PendingTranche } from './application-state';
import { type NoteMade, noteOf } from './case-notes';
import type { Actor, StepCommand, StepData, StepName } from './commands';
import { ErrorCode, StepRefusal } from './errors';
import { compareRial, isRial } from './rial';
import { applyStep, checkStep, possibleAt, type Transition } from './transitions';

/**
 * Four eyes on money: a tranche (and an approval above the configured amount) recorded by one
 * bank user is a note that leaves it pending; a second, different user of the same bank confirms
 * it by taking the step itself with the same data, so only a confirmed tranche is paid. Whether
 * a command falls under these rules the API decides (`fourEyes` on the command); once an item is
 * pending, every attempt at its step is a confirmation of it.
 */

export type FourEyesStep = 'disburseTranche' | 'approve';
export type PendingKind = 'tranche' | 'approval';

export interface CancelPendingCommand {
  actor: Actor;
  reason: string;
  requestId?: string;
}

export const CANCEL_REASON_MAX_LENGTH = 500;
/** SECOND_APPROVAL_ABOVE_RIAL's default: approvals above ten billion rials need a second user. */
export const DEFAULT_SECOND_APPROVAL_ABOVE_RIAL = '10000000000';

const stepOf: Record<PendingKind, FourEyesStep> = { tranche: 'disburseTranche', approval: 'approve' };

function refuse(code: ErrorCode, message: string, field?: string): never {
  throw new StepRefusal(code, message, field);
}

export const isFourEyesStep = (step: StepName): step is FourEyesStep => step === 'disburseTranche' || step === 'approve';

/** Whether an approval of `amount` needs a second user: strictly above the threshold. */
export const approvalNeedsSecond = (amount: string, threshold: string): boolean => isRial(amount) && compareRial(amount, threshold) > 0;

/** The item pending for this step; one recorded by a bank the case was since taken from counts for nothing. */
export function pendingOf(state: ApplicationState, step: FourEyesStep): PendingTranche | PendingApproval | undefined {
  const pending = step === 'disburseTranche' ? state.pendingTranche : state.pendingApproval;
  return pending?.recordedBy.organizationId === state.bankId ? pending : undefined;
}

/** Whether this step command is recorded or confirmed under four eyes, rather than taken by one person. */
export function underFourEyes(state: ApplicationState, step: StepName, command: StepCommand): boolean {
  return isFourEyesStep(step) && (command.fourEyes === true || pendingOf(state, step) !== undefined);
}

/** Throws a StepRefusal when this recording or confirmation may not happen now. */
export function checkFourEyes(state: ApplicationState, step: FourEyesStep, command: StepCommand): void {
  checkStep(state, step, command);
  const pending = pendingOf(state, step);
  if (!pending) return;
  const what = step === 'disburseTranche' ? 'tranche' : 'approval';
  if (pending.recordedBy.userId === command.actor.userId) {
    refuse(ErrorCode.WrongParty, `the ${what} was recorded by ${pending.recordedBy.userId}: a second person of the bank must confirm it`);
  }
  const sent = command.data as unknown as Record<string, unknown>;
  const held = pending as unknown as Record<string, unknown>;
  for (const field of step === 'disburseTranche' ? ['amount', 'paymentReference'] : ['amount', 'terms']) {
    if (sent[field] !== held[field]) {
      refuse(ErrorCode.InvalidStepData, `the pending ${what} has another ${field} (${String(held[field])}): confirm it with the same data, or cancel it`, field);
    }
  }
}

/** Records the item (a note) when none is pending, or confirms the pending one (the step itself). */
export function takeFourEyes(state: ApplicationState, step: FourEyesStep, command: StepCommand, now: Date): Transition | NoteMade {
  checkFourEyes(state, step, command);
  if (pendingOf(state, step)) return settlePending(applyStep(state, step, command, now));
  const made = noteOf(state, step === 'disburseTranche' ? 'recordTranche' : 'recordApproval', command.actor, command.comment ?? '', command.data, now, command.requestId);
  const item = { recordedBy: command.actor, recordedAt: now.toISOString(), note: made.note.number };
  const next: ApplicationState =
    step === 'disburseTranche'
      ? { ...made.state, pendingTranche: { ...item, amount: (command.data as StepData['disburseTranche']).amount, paymentReference: (command.data as StepData['disburseTranche']).paymentReference } }
      : { ...made.state, pendingApproval: { ...item, amount: (command.data as StepData['approve']).amount, terms: (command.data as StepData['approve']).terms } };
  return { state: next, note: { ...made.note, text: command.comment ?? null } };
}

export function checkCancel(state: ApplicationState, kind: PendingKind, command: CancelPendingCommand): void {
  if (command.actor.role !== 'bank' || command.actor.organizationId !== state.bankId) {
    refuse(ErrorCode.WrongParty, `a pending ${kind} is cancelled by a user of the bank that holds the case`);
  }
  if (!pendingOf(state, stepOf[kind])) refuse(ErrorCode.StepOutOfOrder, `no ${kind} is pending confirmation`);
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (reason.length === 0) refuse(ErrorCode.InvalidStepData, 'reason is required', 'reason');
  if (reason.length > CANCEL_REASON_MAX_LENGTH) refuse(ErrorCode.InvalidStepData, `reason is longer than ${CANCEL_REASON_MAX_LENGTH} characters`, 'reason');
}

/** Cancels the pending item: a note with the reason and what was pending; nothing is paid or approved. */
export function cancelPending(state: ApplicationState, kind: PendingKind, command: CancelPendingCommand, now: Date): NoteMade {
  checkCancel(state, kind, command);
  const { recordedBy: _by, ...pending } = pendingOf(state, stepOf[kind])!;
  const made = noteOf(state, kind === 'tranche' ? 'cancelTranche' : 'cancelApproval', command.actor, command.reason.trim(), { ...pending, recordedBy: _by.userId }, now, command.requestId);
  return { ...made, state: withoutPending(made.state, kind) };
}

function withoutPending(state: ApplicationState, kind: PendingKind): ApplicationState {
  const { pendingTranche, pendingApproval, ...rest } = state;
  return { ...rest, ...(kind === 'tranche' ? (pendingApproval ? { pendingApproval } : {}) : pendingTranche ? { pendingTranche } : {}) };
}

/**
 * After any transition, an item whose step is no longer possible (the confirmed one; a case
 * withdrawn, rejected, sent for information or given to another bank) is no longer pending.
 * States without pending items pass as they are, so histories recorded before four eyes replay
 * unchanged.
 */
export function settlePending(made: Transition): Transition {
  let state = made.state;
  const stale = (step: FourEyesStep) => made.record.step === step || !pendingOf(state, step) || !possibleAt(step, state.stage, state.reviewStep);
  if (state.pendingTranche && stale('disburseTranche')) state = withoutPending(state, 'tranche');
  if (state.pendingApproval && stale('approve')) state = withoutPending(state, 'approval');
  return state === made.state ? made : { ...made, state };
}
