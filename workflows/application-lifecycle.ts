import { allHandlersFinished, condition, continueAsNew, sleep, workflowInfo } from '@temporalio/workflow';
import type { ApplicationState } from '../domain/application-state';
import type { LoanApplicationInput } from '../domain/contract';
import { followUpDueAt } from '../domain/deadlines';
import { openFollowUp } from '../domain/transitions';
import { isFinalStage } from '../domain/vocabulary';
import type { ActiveWait } from '../domain/case-notes';
import { registerCaseWork } from './case-work';
import { superviseDeadlines } from './deadline-supervisor';
import { openTransitionGate, type TransitionGate } from './transition-gate';

const DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS = 10_000;

/**
 * One application from submission to the employment follow-up: transitions through the gate,
 * waits supervised with durable timers, and a fresh run (continue-as-new) when the history is
 * long, carrying the state and the stopped clocks.
 */
export async function runLifecycle(input: LoanApplicationInput): Promise<ApplicationState | null> {
  const gate = openTransitionGate(input.applicationId, input.carried?.state ?? null);
  let activeWait: ActiveWait | null = null;
  const caseWork = registerCaseWork(gate, input.escalation, () => activeWait);

  // A start without a submission (which the API never does) ends quietly instead of lingering;
  // so does one whose submission the database refused, so that a corrected one starts afresh.
  if (!(await condition(() => gate.state !== null || gate.submissionRefused, '1 hour')) || gate.state === null) {
    await condition(allHandlersFinished);
    return null;
  }

  const historyLimit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER_EVENTS;
  const followUp = openFollowUpWhenDue(input, gate);
  const carry = await superviseDeadlines(
    {
      applicationId: input.applicationId,
      policy: input.escalation,
      current: () => gate.state!,
      shouldContinueAsNew: () => gate.idle && (workflowInfo().historyLength >= historyLimit || workflowInfo().continueAsNewSuggested),
      onWait: (wait) => {
        activeWait = wait;
      },
    },
    input.carried ? { paused: input.carried.pausedClock } : undefined,
  );
  if (carry !== null) {
    await sleep(1); // a task of its own, as at the end below
    await caseWork.settled();
    await condition(() => gate.idle && allHandlersFinished());
    await continueAsNew<(input: LoanApplicationInput) => Promise<ApplicationState | null>>({
      ...input,
      carried: { state: gate.state, pausedClock: carry.paused },
    });
  }
  await followUp;
  await caseWork.settled();
  await condition(allHandlersFinished);
  // Completes in a task of its own: a task that both answers the final step's Update and ends
  // the run is refused by the server if an event (a timer firing) arrives meanwhile, and the
  // caller would be told the step failed.
  await sleep(1);
  return gate.state;
}

/** After the last tranche, waits out the follow-up period, then asks the agency for the jobs. */
async function openFollowUpWhenDue(input: LoanApplicationInput, gate: TransitionGate): Promise<void> {
  const stage = () => gate.state!.stage;
  await condition(() => stage() === 'awaiting_follow_up' || stage() === 'employment_follow_up' || isFinalStage(stage()));
  if (stage() !== 'awaiting_follow_up') return;
  const wait = Math.max(followUpDueAt(gate.state!, input.escalation, input.followUpAfterMs) - Date.now(), 1);
  if (await condition(() => stage() !== 'awaiting_follow_up', wait)) return;
  await gate.transition(() => openFollowUp(gate.state!, new Date()));
}
