import { type Client, isGrpcServiceError, WithStartWorkflowOperation, WorkflowNotFoundError } from '@temporalio/client';
import { type LoadedDataConverter, optionalTsToDate } from '@temporalio/common';
import type { History } from '@temporalio/common/lib/proto-utils';
import type { ApplicationState } from '../domain/application-state';
import type { StepCommand, StepName, SubmitCommand } from '../domain/commands';
import type { EscalationPolicy } from '../domain/deadlines';
import {
  type LoanApplicationInput,
  SUBMIT_UPDATE_ID,
  searchAttributes,
  stateQuery,
  stepUpdates,
  submitUpdate,
  WORKFLOW_TYPE,
  workflowIdFor,
} from '../domain/contract';
import type { loanApplicationWorkflow } from '../workflows';
import type { PendingActivity } from './history-timeline';

export interface StalledCase {
  applicationId: string;
  stage: string;
  holdingOrganizationId: string | null;
  /** 0 none yet, 1 reminded, 2 escalated to the governor's office, 3 to the province. */
  escalationLevel: number;
  deadline: Date;
}

export interface WorkflowHistory {
  workflowId: string;
  runId: string;
  /** RUNNING, COMPLETED, FAILED, TERMINATED, ... */
  status: string;
  history: History;
  pendingActivities: PendingActivity[];
  dataConverter: LoadedDataConverter;
}

/** How the API (and the tests) talk to application workflows. */
export class WorkflowGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly followUpAfterMs: number,
    /** Deadlines and escalation for new workflows; none means nobody is reminded. */
    private readonly escalation?: EscalationPolicy,
  ) {}

  /**
   * Starts the application's workflow and runs its submission as one Update-with-Start.
   * The workflow id comes from the application id and the Update id is fixed, so a repeated
   * submission reaches the same workflow and gets the first submission's result.
   */
  async submit(applicationId: string, command: SubmitCommand): Promise<ApplicationState> {
    const input: LoanApplicationInput = {
      applicationId,
      followUpAfterMs: this.followUpAfterMs,
      ...(this.escalation ? { escalation: this.escalation } : {}),
    };
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof loanApplicationWorkflow>(WORKFLOW_TYPE, {
      workflowId: workflowIdFor(applicationId),
      taskQueue: this.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.client.workflow.executeUpdateWithStart(submitUpdate, {
      args: [command],
      updateId: SUBMIT_UPDATE_ID,
      startWorkflowOperation,
    });
  }

  /** Runs one human step; `requestId` (the Idempotency-Key) makes a retried call a no-op. */
  step<K extends StepName>(applicationId: string, step: K, command: StepCommand<K>, requestId?: string): Promise<ApplicationState> {
    const handle = this.client.workflow.getHandle(workflowIdFor(applicationId));
    return handle.executeUpdate(stepUpdates[step], { args: [command as StepCommand], ...(requestId ? { updateId: requestId } : {}) });
  }

  /**
   * Running applications past their deadline, from Temporal visibility (the workflows keep
   * stage, holder, deadline and escalation level in search attributes); `holder` narrows to
   * the cases one organization holds. At most `limit`, the longest overdue first.
   */
  async stalledCases(now: Date, holder?: string, limit = 500): Promise<StalledCase[]> {
    const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
    const clauses = [`ExecutionStatus = 'Running'`, `${searchAttributes.deadline.name} < ${quote(now.toISOString())}`];
    if (holder !== undefined) clauses.push(`${searchAttributes.holdingOrganization.name} = ${quote(holder)}`);
    const cases: StalledCase[] = [];
    for await (const execution of this.client.workflow.list({ query: clauses.join(' AND ') })) {
      const attributes = execution.typedSearchAttributes;
      const deadline = attributes.get(searchAttributes.deadline);
      if (!deadline) continue;
      cases.push({
        applicationId: execution.workflowId.replace(/^loan-application-/, ''),
        stage: attributes.get(searchAttributes.stage) ?? 'unknown',
        holdingOrganizationId: attributes.get(searchAttributes.holdingOrganization) ?? null,
        escalationLevel: attributes.get(searchAttributes.escalationLevel) ?? 0,
        deadline,
      });
      if (cases.length >= limit) break;
    }
    return cases.sort((a, b) => a.deadline.getTime() - b.deadline.getTime());
  }

  /**
   * The application's workflow history, the activities the server is still retrying (which the
   * history records only once they end), and the converter that reads the history's payloads.
   */
  async history(applicationId: string): Promise<WorkflowHistory> {
    const workflowId = workflowIdFor(applicationId);
    const handle = this.client.workflow.getHandle(workflowId);
    try {
      const [history, description] = await Promise.all([handle.fetchHistory(), handle.describe()]);
      const pendingActivities = (description.raw.pendingActivities ?? []).map((activity) => ({
        activityType: activity.activityType?.name ?? 'unknown activity',
        attempt: activity.attempt ?? 1,
        lastFailure: activity.lastFailure?.message ?? null,
        lastAttemptAt: optionalTsToDate(activity.lastAttemptCompleteTime) ?? null,
        nextAttemptAt: optionalTsToDate(activity.nextAttemptScheduleTime) ?? null,
      }));
      return { workflowId, runId: description.runId, status: description.status.name, history, pendingActivities, dataConverter: this.client.options.loadedDataConverter };
    } catch (error) {
      // fetchHistory passes gRPC errors through; 5 is NOT_FOUND (describe maps it itself).
      if (isGrpcServiceError(error) && error.code === 5) throw new WorkflowNotFoundError(error.details, workflowId, undefined);
      throw error;
    }
  }

  state(applicationId: string): Promise<ApplicationState | null> {
    return this.client.workflow.getHandle(workflowIdFor(applicationId)).query(stateQuery);
  }
}
