import type { ApplicationState, CaseNote } from './application-state';
import type { Actor } from './commands';
import { ErrorCode, StepRefusal } from './errors';
import { isFinalStage } from './vocabulary';

/**
 * Comments and deadline extensions, as pure functions: notes on the case, not steps of it.
 * Each returns the next state (its note counter moved on) and the note to persist.
 */

export interface CommentCommand {
  actor: Actor;
  text: string;
  /** Organizations named with `@id` in the text, each told by email once; the API checks they may see the case. */
  mentions: string[];
  requestId?: string;
}

export interface ExtendDeadlineCommand {
  actor: Actor;
  /** Working days added to the current wait. */
  days: number;
  reason: string;
  requestId?: string;
}

export interface NoteMade {
  state: ApplicationState;
  note: CaseNote;
}

export const COMMENT_MAX_LENGTH = 2000;
export const MAX_MENTIONS = 10;
export const EXTENSION_REASON_MAX_LENGTH = 500;
/** Working days an official may add to one wait, in all, when the policy does not say. */
export const DEFAULT_MAX_EXTENSION_DAYS = 10;

function refuse(code: ErrorCode, message: string, field?: string): never {
  throw new StepRefusal(code, message, field);
}

/** The parties who may see the case: its agency, the bank it is referred to, officials and admins. */
export function maySeeCase(state: ApplicationState, actor: Actor): boolean {
  if (actor.role === 'official' || actor.role === 'admin') return true;
  return actor.organizationId === (actor.role === 'agency' ? state.agencyId : state.bankId);
}

export function checkComment(state: ApplicationState, command: CommentCommand): void {
  if (!maySeeCase(state, command.actor)) refuse(ErrorCode.WrongParty, `organization ${command.actor.organizationId} cannot see this application`);
  if (isFinalStage(state.stage)) refuse(ErrorCode.StepOutOfOrder, `the application is closed (stage ${state.stage})`);
  const text = typeof command.text === 'string' ? command.text.trim() : '';
  if (text.length === 0) refuse(ErrorCode.InvalidStepData, 'text is required', 'text');
  if (text.length > COMMENT_MAX_LENGTH) refuse(ErrorCode.InvalidStepData, `text is longer than ${COMMENT_MAX_LENGTH} characters`, 'text');
  if (!Array.isArray(command.mentions) || command.mentions.length > MAX_MENTIONS || command.mentions.some((m) => typeof m !== 'string' || m === '')) {
    refuse(ErrorCode.InvalidStepData, `mentions must name at most ${MAX_MENTIONS} organizations`, 'text');
  }
}

export function addComment(state: ApplicationState, command: CommentCommand, now: Date): NoteMade {
  checkComment(state, command);
  const mentions = [...new Set(command.mentions)];
  return noteOf(state, 'comment', command.actor, command.text.trim(), { mentions }, now, command.requestId);
}

/** What the workflow knows of the wait the case is in now (from its deadline supervisor). */
export interface ActiveWait {
  waitId: string;
  kind: string;
  holderOrganizationId: string;
  /** The deadline with the extension granted so far, and as it would be with `extraDays` more. */
  deadlineWith: (extraDays: number) => Date;
}

/** Working days granted to this wait so far. */
export const extensionDaysOf = (state: ApplicationState, waitId: string): number =>
  state.extension?.waitId === waitId ? state.extension.days : 0;

export function checkExtension(state: ApplicationState, command: ExtendDeadlineCommand, wait: ActiveWait | null, maxDays: number): void {
  if (command.actor.role !== 'official') refuse(ErrorCode.WrongParty, `only an official grants more time, not a user with role ${command.actor.role}`);
  if (wait === null) refuse(ErrorCode.StepOutOfOrder, `nobody holds the application with a deadline now (stage ${state.stage})`);
  const { days } = command;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) refuse(ErrorCode.InvalidStepData, 'days must be a whole number of at least 1', 'days');
  const granted = extensionDaysOf(state, wait.waitId);
  if (granted + days > maxDays) {
    refuse(ErrorCode.InvalidStepData, `this wait may be extended by ${maxDays} working days in all; ${granted} already granted`, 'days');
  }
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (reason.length === 0) refuse(ErrorCode.InvalidStepData, 'reason is required', 'reason');
  if (reason.length > EXTENSION_REASON_MAX_LENGTH) refuse(ErrorCode.InvalidStepData, `reason is longer than ${EXTENSION_REASON_MAX_LENGTH} characters`, 'reason');
}

export function extendDeadline(state: ApplicationState, command: ExtendDeadlineCommand, wait: ActiveWait | null, maxDays: number, now: Date): NoteMade {
  checkExtension(state, command, wait, maxDays);
  const active = wait!;
  const before = extensionDaysOf(state, active.waitId);
  const totalDays = before + command.days;
  const data = {
    waitId: active.waitId,
    waitKind: active.kind,
    holderOrganizationId: active.holderOrganizationId,
    days: command.days,
    totalDays,
    deadlineBefore: active.deadlineWith(before).toISOString(),
    deadlineAfter: active.deadlineWith(totalDays).toISOString(),
  };
  const made = noteOf(state, 'extendDeadline', command.actor, command.reason.trim(), data, now, command.requestId);
  return { ...made, state: { ...made.state, extension: { waitId: active.waitId, days: totalDays } } };
}

/** The next note on the case, and the state with its note counter moved on (attachments use it too). */
export function noteOf(state: ApplicationState, kind: CaseNote['kind'], actor: Actor, text: string, data: unknown, now: Date, requestId: string | undefined): NoteMade {
  const number = (state.notes ?? 0) + 1;
  const note: CaseNote = {
    applicationId: state.applicationId,
    number,
    kind,
    actor,
    text,
    data,
    occurredAt: now.toISOString(),
    afterSequence: state.sequence,
    ...(requestId ? { requestId } : {}),
  };
  return { state: { ...state, notes: number }, note };
}
