import type { ApplicationState } from '../../domain/application-state';
import { failureMessage, lastWordsOf, readableDuration } from './readable';
import type { EventContext, EventReader } from './timeline-entry';

/** The workflow's own life: started (or continued from an earlier run), completed, failed, ended. */

interface StartInput {
  applicationId?: string;
  escalation?: { dayLengthMs?: number };
  /** What a run continued as new takes over from the run before. */
  carried?: { state?: { stage?: string } | null };
}

async function started({ attributes: a, first, add }: EventContext): Promise<void> {
  const input = await first<StartInput>(a.input);
  const application = input?.applicationId ?? 'unknown';
  const continuedFrom = a.continuedExecutionRunId;
  const stage = input?.carried?.state?.stage;
  add(
    'workflow.started',
    continuedFrom
      ? `Workflow continued from run ${continuedFrom} for application ${application}${stage ? ` at stage ${stage}` : ''}, its state and clocks carried over`
      : `Workflow started for application ${application}`,
    {
      details: {
        taskQueue: a.taskQueue?.name,
        deadlinesSupervised: input?.escalation !== undefined,
        ...(input?.escalation?.dayLengthMs !== undefined ? { workingDayLength: readableDuration(input.escalation.dayLengthMs) } : {}),
        ...(continuedFrom ? { continuedFromRunId: continuedFrom, ...(stage ? { stage } : {}) } : {}),
      },
    },
  );
}

async function completed({ attributes: a, first, add }: EventContext): Promise<void> {
  // A start that never got its submission ends with no state (the API never starts one so).
  const state = await first<ApplicationState | null>(a.result);
  add('workflow.completed', state ? `Workflow completed at stage ${state.stage}` : 'Workflow completed without a submission', {
    ...(state ? { details: { stage: state.stage } } : {}),
  });
}

const failed: EventReader = ({ attributes: a, add }) => add('workflow.failed', `Workflow failed: ${failureMessage(a.failure)}`);

const ended: EventReader = ({ event, attributes: a, add }) => {
  const how = lastWordsOf(event.eventType, 'EVENT_TYPE_WORKFLOW_EXECUTION_');
  add('workflow.ended', `Workflow ${how}${typeof a.reason === 'string' && a.reason ? `: ${a.reason}` : ''}`);
};

/** The run hands over to a new one so that its history stays short; the case goes on there. */
async function continuedAsNew({ attributes: a, first, add }: EventContext): Promise<void> {
  const stage = (await first<StartInput>(a.input))?.carried?.state?.stage;
  add(
    'workflow.continuedAsNew',
    `Workflow continued as new in run ${a.newExecutionRunId ?? 'unknown'} to keep its history short; the case goes on there${stage ? ` at stage ${stage}` : ''}`,
    { details: { newRunId: a.newExecutionRunId, ...(stage ? { stage } : {}) } },
  );
}

const taskFailed: EventReader = ({ attributes: a, add }) =>
  add('workflow.taskFailed', `A workflow task failed (${String(a.cause ?? 'unknown cause')}): ${failureMessage(a.failure)}`);

export const workflowEventReaders: Record<string, EventReader> = {
  EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: started,
  EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: completed,
  EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: failed,
  EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: ended,
  EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED: ended,
  EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT: ended,
  EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: continuedAsNew,
  EVENT_TYPE_WORKFLOW_TASK_FAILED: taskFailed,
};
