import type { ApplicationState } from './application-state';
import type { Actor } from './commands';
import { ErrorCode, StepRefusal } from './errors';
import { recordOf, type Transition, withRequestId } from './transitions';
import type { Stage } from './vocabulary';

/**
 * An official re-refers a case from one bank to another. It is a transition: the old bank's
 * wait ends (its reminders and escalations with it) and the new bank's begins at the first
 * review step with fresh deadlines. Possible until the decision: after an approval the bank's
 * lending allocation carries the amount.
 */

/** Fixed, as rejection reasons are: the county counts a reassignment as an obstacle of the old bank. */
export const reassignmentReasons = ['no_response', 'exceeded_deadlines', 'lacks_capacity', 'conflict_of_interest', 'applicant_request', 'other'] as const;
export type ReassignmentReason = (typeof reassignmentReasons)[number];

export const REASSIGNMENT_NOTE_MAX_LENGTH = 500;

export interface ReassignCommand {
  actor: Actor;
  /** The bank the official takes the case from: a request made against an older state is refused. */
  fromBankId: string;
  toBankId: string;
  reason: ReassignmentReason;
  /** Free text beside the reason; required when the reason is `other`. */
  note?: string;
  requestId?: string;
}

export const reassignableStages: readonly Stage[] = ['bank_review', 'information_requested'];

function refuse(code: ErrorCode, message: string, field?: string): never {
  throw new StepRefusal(code, message, field);
}

export function checkReassignment(state: ApplicationState, command: ReassignCommand): void {
  if (command.actor.role !== 'official') refuse(ErrorCode.WrongParty, `only an official reassigns a case, not a user with role ${command.actor.role}`);
  if (!reassignableStages.includes(state.stage)) refuse(ErrorCode.StepOutOfOrder, `a case at stage ${state.stage} cannot be reassigned`);
  if (command.fromBankId !== state.bankId) {
    refuse(ErrorCode.StepOutOfOrder, `the case is no longer with ${command.fromBankId}: it is with ${state.bankId}`, 'fromBankId');
  }
  if (typeof command.toBankId !== 'string' || command.toBankId === '') refuse(ErrorCode.InvalidStepData, 'toBankId is required', 'toBankId');
  if (command.toBankId === state.bankId) refuse(ErrorCode.InvalidStepData, `the case is already with ${state.bankId}`, 'toBankId');
  if (!reassignmentReasons.includes(command.reason)) refuse(ErrorCode.InvalidStepData, 'reason is not one of the fixed reassignment reasons', 'reason');
  const note = typeof command.note === 'string' ? command.note.trim() : '';
  if (note.length > REASSIGNMENT_NOTE_MAX_LENGTH) refuse(ErrorCode.InvalidStepData, `note is longer than ${REASSIGNMENT_NOTE_MAX_LENGTH} characters`, 'note');
  if (command.reason === 'other' && note.length === 0) refuse(ErrorCode.InvalidStepData, 'note is required when the reason is other', 'note');
}

export function reassign(state: ApplicationState, command: ReassignCommand, now: Date): Transition {
  checkReassignment(state, command);
  const at = now.toISOString();
  const next: ApplicationState = {
    ...state,
    stage: 'bank_review',
    reviewStep: 'acknowledge',
    bankId: command.toBankId,
    openQuestions: [],
    sequence: state.sequence + 1,
    lastTransitionAt: at,
    stageEnteredAt: at,
  };
  const note = command.note?.trim() ?? '';
  const data = { fromBankId: command.fromBankId, toBankId: command.toBankId, reason: command.reason, ...(note ? { note } : {}) };
  return { state: next, record: withRequestId(recordOf(next, 'reassign', command.actor, note || null, data, at), command.requestId) };
}
