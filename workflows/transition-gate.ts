import { ApplicationFailure, log, setHandler } from '@temporalio/workflow';
import type { ApplicationState } from '../domain/application-state';
import { stepNames } from '../domain/commands';
import { stateQuery, stepUpdates, submitUpdate } from '../domain/contract';
import { ErrorCode, StepRefusal } from '../domain/errors';
import type { NoteMade } from '../domain/case-notes';
import { applyStep, checkStep, checkSubmission, startApplication, type Transition } from '../domain/transitions';
import { persistCaseNote, persistTransition } from './persistence';

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
        const made = guarded(make);
        if (made === null) return current();
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

  for (const name of stepNames) {
    setHandler(stepUpdates[name], (command) => pass(() => applyStep(current(), name, command, new Date())), {
      validator: (command) => guarded(() => checkStep(current(), name, command)),
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
