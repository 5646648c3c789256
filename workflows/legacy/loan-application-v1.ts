import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
} from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { PersistTransitionInput } from '../../activities/persist-transition';
import type { ApplicationState } from '../../domain/application-state';
import { stepNames } from '../../domain/commands';
import { type LoanApplicationInput, stateQuery, stepUpdates, submitUpdate } from '../../domain/contract';
import { ErrorCode, StepRefusal } from '../../domain/errors';
import { applyStep, checkStep, checkSubmission, openFollowUp, startApplication, type Transition } from '../../domain/transitions';
import { isFinalStage } from '../../domain/vocabulary';
import { superviseDeadlines } from './deadline-supervisor-v1';

// Persistence is idempotent, so it may retry for as long as the database is away.
const persistence = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
} as const;
const remote = proxyActivities<ReturnType<typeof createActivities>>(persistence);
// In the worker that runs the workflow task, so an Update completes in one workflow task
// instead of two plus an activity task: the step's answer comes back several times sooner.
const local = proxyLocalActivities<ReturnType<typeof createActivities>>(persistence);

/** Workflows started before persistence became a local activity keep the activity on replay. */
const persistTransition = (input: PersistTransitionInput): Promise<void> =>
  patched('persist-with-local-activity') ? local.persistTransition(input) : remote.persistTransition(input);

/** Turns a rule's refusal into a failure the caller of the Update receives, with its code. */
function asFailure(error: unknown): unknown {
  if (error instanceof StepRefusal) {
    return ApplicationFailure.create({
      type: error.code,
      message: error.message,
      nonRetryable: true,
      details: error.field ? [{ field: error.field }] : [],
    });
  }
  return error;
}

function guarded<T>(rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    throw asFailure(error);
  }
}

/**
 * The lifecycle as it ran before 'lifecycle-v2': kept unchanged so that workflows started
 * before it (and their recorded histories) replay exactly. New workflows never come here.
 */
export async function legacyLoanApplication(input: LoanApplicationInput): Promise<ApplicationState | null> {
  let state: ApplicationState | null = null;

  const current = (): ApplicationState => {
    if (state === null) throw new StepRefusal(ErrorCode.NotSubmitted, 'the application has not been submitted');
    return state;
  };

  // The state changes before the persistence activity is awaited, so an Update that arrives
  // meanwhile is validated against the new state and a step can never be taken twice.
  const transition = async (make: () => Transition): Promise<ApplicationState> => {
    const { state: next, record } = guarded(make);
    state = next;
    await persistTransition({ state: next, record });
    log.info('transition recorded', { step: record.step, sequence: record.sequence, stage: next.stage, requestId: record.requestId });
    return next;
  };

  setHandler(stateQuery, () => state);

  setHandler(submitUpdate, (command) => transition(() => startApplication(input.applicationId, command, new Date())), {
    validator: (command) =>
      guarded(() => {
        if (state !== null) throw new StepRefusal(ErrorCode.AlreadySubmitted, 'the application is already submitted');
        checkSubmission(command);
      }),
  });

  for (const name of stepNames) {
    setHandler(stepUpdates[name], (command) => transition(() => applyStep(current(), name, command, new Date())), {
      validator: (command) => guarded(() => checkStep(current(), name, command)),
    });
  }

  // Decided once, at the start: workflows begun before escalation existed replay without it.
  const escalates = patched('escalation-ladder') && input.escalation !== undefined;

  // A start without a submission (which the API never does) ends quietly instead of lingering.
  if (!(await condition(() => state !== null, '1 hour'))) return null;

  const supervision = escalates ? superviseDeadlines(input.applicationId, input.escalation!, current) : Promise.resolve();
  await condition(() => isFinalStage(current().stage) || current().stage === 'awaiting_follow_up');
  if (current().stage === 'awaiting_follow_up') {
    await sleep(input.followUpAfterMs);
    await transition(() => openFollowUp(current(), new Date()));
    await condition(() => isFinalStage(current().stage));
  }
  await supervision;
  await condition(allHandlersFinished);
  return state;
}
