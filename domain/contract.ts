import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApplicationState } from './application-state';
import { type StepCommand, type StepName, stepNames, type SubmitCommand } from './commands';

/**
 * The contract between the API, the worker and the tests: workflow name and id, input,
 * Updates and Queries. `@temporalio/workflow`'s define* helpers are pure and safe to import
 * from any side.
 */

export const DEFAULT_TASK_QUEUE = 'loan-applications';
export const WORKFLOW_TYPE = 'loanApplicationWorkflow';

export const workflowIdFor = (applicationId: string): string => `loan-application-${applicationId}`;

export interface LoanApplicationInput {
  applicationId: string;
  /** How long after the last tranche the employment follow-up opens. */
  followUpAfterMs: number;
}

/** The Update id under which an application's submission runs, so a repeat is deduplicated. */
export const SUBMIT_UPDATE_ID = 'submit';

export const submitUpdate = defineUpdate<ApplicationState, [SubmitCommand]>('submit');

/** One Update per human step, named after the step, so histories read as the steps taken. */
export const stepUpdates = Object.fromEntries(
  stepNames.map((name) => [name, defineUpdate<ApplicationState, [StepCommand]>(name)]),
) as Record<StepName, UpdateDefinition<ApplicationState, [StepCommand]>>;

export const stateQuery = defineQuery<ApplicationState | null>('state');
