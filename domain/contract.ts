import { defineSearchAttributeKey, SearchAttributeType, type UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApplicationState } from './application-state';
import type { EscalationPolicy } from './deadlines';
import type { PausedClock } from './wait-clock';
import type { AttachCommand } from './attachments';
import type { CommentCommand, ExtendDeadlineCommand } from './case-notes';
import { type StepCommand, type StepName, stepNames, type SubmitCommand } from './commands';
import type { ReassignCommand } from './reassignment';
import type { CancelPendingCommand } from './four-eyes';

/**
 * The contract between the API, the worker and the tests: workflow name and id, input,
 * Updates and Queries. `@temporalio/workflow`'s define* helpers are pure and safe to import
 * from any side.
 */

export const DEFAULT_TASK_QUEUE = 'loan-applications';
export const WORKFLOW_TYPE = 'loanApplicationWorkflow';

const WORKFLOW_ID_PREFIX = 'loan-application-';
/** The one place the workflow id format is written: the application id behind a fixed prefix. */
export const workflowIdFor = (applicationId: string): string => `${WORKFLOW_ID_PREFIX}${applicationId}`;
/** The application id of a workflow id, or null when the workflow is not an application's. */
export const applicationIdOf = (workflowId: string): string | null =>
  workflowId.startsWith(WORKFLOW_ID_PREFIX) ? workflowId.slice(WORKFLOW_ID_PREFIX.length) : null;

export interface LoanApplicationInput {
  applicationId: string;
  /** How long after the last tranche the employment follow-up opens. */
  followUpAfterMs: number;
  /** Deadlines and escalation; absent in workflows started before escalation existed. */
  escalation?: EscalationPolicy;
  /** The run continues as new once its history has this many events (default 10,000). */
  continueAsNewAfterEvents?: number;
  /** Set by a run that continued as new: where its successor takes over. */
  carried?: ContinuedApplication;
}

/** What a run hands to the run that continues it: the state, and a bank clock stopped. */
export interface ContinuedApplication {
  state: ApplicationState;
  pausedClock: PausedClock | null;
}

/**
 * The Update id under which a submission runs: the same submission repeated is deduplicated by
 * Temporal (even once a run has ended), while a corrected one (after the database refused the
 * first) is a new Update. `contentHash` names the submission's content.
 */
export const submitUpdateIdFor = (contentHash: string): string => `submit-${contentHash}`;

export const submitUpdate = defineUpdate<ApplicationState, [SubmitCommand]>('submit');

/** One Update per human step, named after the step, so histories read as the steps taken. */
export const stepUpdates = Object.fromEntries(
  stepNames.map((name) => [name, defineUpdate<ApplicationState, [StepCommand]>(name)]),
) as Record<StepName, UpdateDefinition<ApplicationState, [StepCommand]>>;

/** Case work by officials and the parties: notes on the case, and the one transition officials take. */
export const commentUpdate = defineUpdate<ApplicationState, [CommentCommand]>('comment');
export const extendDeadlineUpdate = defineUpdate<ApplicationState, [ExtendDeadlineCommand]>('extendDeadline');
export const reassignUpdate = defineUpdate<ApplicationState, [ReassignCommand]>('reassign');
export const attachUpdate = defineUpdate<ApplicationState, [AttachCommand]>('attach');
/** Four eyes: a pending tranche or approval cancelled, with a reason, by a user of its bank. */
export const cancelPendingUpdates = {
  tranche: defineUpdate<ApplicationState, [CancelPendingCommand]>('cancelTranche'),
  approval: defineUpdate<ApplicationState, [CancelPendingCommand]>('cancelApproval'),
};

export const stateQuery = defineQuery<ApplicationState | null>('state');

/** Visibility fields that let stalled cases be listed through Temporal (registered at start-up). */
export const searchAttributes = {
  stage: defineSearchAttributeKey('LoanStage', SearchAttributeType.KEYWORD),
  holdingOrganization: defineSearchAttributeKey('LoanHoldingOrganization', SearchAttributeType.KEYWORD),
  escalationLevel: defineSearchAttributeKey('LoanEscalationLevel', SearchAttributeType.INT),
  deadline: defineSearchAttributeKey('LoanDeadline', SearchAttributeType.DATETIME),
};
export const allSearchAttributes = Object.values(searchAttributes);

/** The search attribute's number for each notification level: higher is more serious. */
export const escalationLevelNumber = { none: 0, reminder: 1, governors_office: 2, province: 3, abandoned: 4 } as const;
