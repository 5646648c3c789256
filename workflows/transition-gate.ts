import { ApplicationFailure, log, patched, setHandler } from '@temporalio/workflow';
import type { ApplicationState } from '../domain/application-state';
import { type StepCommand, type StepName, stepNames } from '../domain/commands';
import { cancelPendingUpdates, stateQuery, stepUpdates, submitUpdate } from '../domain/contract';
import { cancelPending, checkCancel, checkFourEyes, isFourEyesStep, settlePending, takeFourEyes, underFourEyes } from '../domain/four-eyes';
import { ErrorCode, StepRefusal } from '../domain/errors';
import type { NoteMade } from '../domain/case-notes';
import { applyStep, checkStep, checkSubmission, startApplication, type Transition } from '../domain/transitions';
import { persistCaseNote, persistTransition } from './persistence';

/** Recorded where the four-eyes rules first run; older histories never meet it. */
const FOUR_EYES_PATCH = 'four-eyes-v1';

/** What passes the gate: a transition (a step of the case) or a note on it. */
export type Change = Transition | NoteMade;

/** Turns a rule's refusal into a failure the caller of the Update receives, with its code. */
export function guarded<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (!(error instanceof StepRefusal)) throw error;
    throw ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: true,
      details: error.field ? [{ field: error.field }] : [],
    });
  }
}

export interface TransitionGate {
  /** The state as the database has it: a transition shows here only once it is persisted. */
  readonly state: ApplicationState | null;
  /** The submission's data was refused by the database: there is no application. */
  readonly submissionRefused: boolean;
  /** No transition is being checked or persisted. */
  readonly idle: boolean;
  /** The state, for a rule to check against; a refusal (NotSubmitted) before the submission. */
  current(): ApplicationState;
  /** Takes one change through the gate (the system's own steps, and case work). */
  transition(make: () => Change): Promise<ApplicationState>;
}

/**
 * The one way the application's state changes: transitions pass one at a time, each checked
 * against the state left by the one before, persisted, and only then made the state. So the
 * database never holds a step the workflow refused, a step refused by the database leaves the
 * workflow as it was, and a later step is never checked against a state that may be undone.
 * Validators still refuse what is clearly wrong at once; the handler checks again in turn.
 */
export function openTransitionGate(applicationId: string, initial: ApplicationState | null): TransitionGate {
  let state = initial;
  let submissionRefused = false;
  let inFlight = 0;
  let tail: Promise<unknown> = Promise.resolve();

  const current = (): ApplicationState => {
    if (state === null) throw new StepRefusal(ErrorCode.NotSubmitted, 'the application has not been submitted');
    return state;
  };

  /** `make` returns null when, in its turn, there is nothing to do: the state stays as it is. */
  const pass = (make: () => Change | null): Promise<ApplicationState> => {
    inFlight++;
    const turn = tail
      .then(async () => {
        const proposed = guarded(make);
        if (proposed === null) return current();
        // Any transition (a step, a reassignment) may leave a four-eyes item with nothing to confirm.
        const made = 'note' in proposed ? proposed : settlePending(proposed);
        if ('note' in made) {
          await persistCaseNote({ state: made.state, note: made.note });
          log.info('case note recorded', { kind: made.note.kind, number: made.note.number, requestId: made.note.requestId });
        } else {
          const { record } = made;
          await persistTransition({ state: made.state, record });
          log.info('transition recorded', { step: record.step, sequence: record.sequence, stage: made.state.stage, requestId: record.requestId });
        }
        state = made.state;
        return made.state;
      })
      .finally(() => inFlight--);
    tail = turn.catch(() => undefined);
    return turn;
  };

  setHandler(stateQuery, () => state);

  // Another submission (one racing the first, or one reaching a run that continued as new)
  // finds the application there and changes nothing.
  setHandler(
    submitUpdate,
    async (command) => {
      try {
        return await pass(() => (state === null ? startApplication(applicationId, command, new Date()) : null));
      } catch (error) {
        if (error instanceof ApplicationFailure && error.type === ErrorCode.Unstorable) submissionRefused = true;
        throw error;
      }
    },
    { validator: (command) => guarded(() => (state === null ? checkSubmission(command) : undefined)) },
  );

  // Four eyes (domain/four-eyes.ts) applies only to commands the API marked, or while an item
  // is pending: neither ever happens in a history recorded before it, which replays as it was.
  const takeStep = (name: StepName, command: StepCommand): Change => {
    const state = current();
    if (isFourEyesStep(name) && underFourEyes(state, name, command) && patched(FOUR_EYES_PATCH)) return takeFourEyes(state, name, command, new Date());
    return applyStep(state, name, command, new Date());
  };
  for (const name of stepNames) {
    setHandler(stepUpdates[name], (command) => pass(() => takeStep(name, command)), {
      validator: (command) =>
        guarded(() => (isFourEyesStep(name) && underFourEyes(current(), name, command) ? checkFourEyes(current(), name, command) : checkStep(current(), name, command))),
    });
  }
  for (const kind of ['tranche', 'approval'] as const) {
    setHandler(cancelPendingUpdates[kind], (command) => pass(() => cancelPending(current(), kind, command, new Date())), {
      validator: (command) => guarded(() => checkCancel(current(), kind, command)),
    });
  }

  return {
    get state() {
      return state;
    },
    get submissionRefused() {
      return submissionRefused;
    },
    get idle() {
      return inFlight === 0;
    },
    current,
    transition: pass,
  };
}
