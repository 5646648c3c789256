import { createHash } from 'node:crypto';
import {
  type Client,
  isGrpcDeadlineError,
  isGrpcServiceError,
  WithStartWorkflowOperation,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, type LoadedDataConverter, optionalTsToDate, type UpdateDefinition } from '@temporalio/common';
import type { ApplicationState } from '../domain/application-state';
import type { AttachCommand } from '../domain/attachments';
import type { CommentCommand, ExtendDeadlineCommand } from '../domain/case-notes';
import type { StepCommand, StepName, SubmitCommand } from '../domain/commands';
import type { ReassignCommand } from '../domain/reassignment';
import type { CancelPendingCommand } from '../domain/four-eyes';
import type { EscalationPolicy } from '../domain/deadlines';
import {
  applicationIdOf,
  type LoanApplicationInput,
  submitUpdateIdFor,
  searchAttributes,
  stateQuery,
  stepUpdates,
  commentUpdate,
  extendDeadlineUpdate,
  reassignUpdate,
  attachUpdate,
  cancelPendingUpdates,
  submitUpdate,
  WORKFLOW_TYPE,
  workflowIdFor,
} from '../domain/contract';
import type { loanApplicationWorkflow } from '../workflows';

/**
 * Temporal's answer when a worker finished a workflow task without taking up an Update delivered
 * in it (seen under bursts of Updates to one workflow): the Update left no trace, so it is sent
 * again, with the same id, a few times before the caller hears of it.
 */
export const UNPROCESSED_UPDATE = 'UnprocessedUpdate';
const UNPROCESSED_ATTEMPTS = 5;

export const isUnprocessedUpdate = (error: unknown): boolean =>
  error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === UNPROCESSED_UPDATE;

async function sentAgainIfUnprocessed<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isUnprocessedUpdate(error) || attempt >= UNPROCESSED_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** The case-work Updates by name, and the command each takes. */
export interface CaseWorkCommands {
  comment: CommentCommand;
  extendDeadline: ExtendDeadlineCommand;
  reassign: ReassignCommand;
  attach: AttachCommand;
  cancelTranche: CancelPendingCommand;
  cancelApproval: CancelPendingCommand;
}
const caseWorkUpdates = { comment: commentUpdate, extendDeadline: extendDeadlineUpdate, reassign: reassignUpdate, attach: attachUpdate, cancelTranche: cancelPendingUpdates.tranche, cancelApproval: cancelPendingUpdates.approval };
import type { History, PendingActivity } from './history';

export interface StalledCase {
  applicationId: string;
  stage: string;
  holdingOrganizationId: string | null;
  /** 0 none yet, 1 reminded, 2 escalated to the governor's office, 3 to the province. */
  escalationLevel: number;
  deadline: Date;
}

export interface StalledCasesQuery {
  now: Date;
  /** Only the cases this organization holds. */
  holder?: string;
  /** Only deadlines at or after this instant. */
  from?: Date;
}

/** The listing's order: the longest overdue first, then by application id so that pages are stable. */
type Placed = Pick<StalledCase, 'deadline' | 'applicationId'>;
export const byDeadlineThenId = (a: Placed, b: Placed): number =>
  a.deadline.getTime() - b.deadline.getTime() || (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0);

export interface WorkflowHistory {
  workflowId: string;
  runId: string;
  /** RUNNING, COMPLETED, FAILED, TERMINATED, ... */
  status: string;
  history: History;
  pendingActivities: PendingActivity[];
  dataConverter: LoadedDataConverter;
}

/**
 * A call's deadline passed before the workflow answered. The Update may still be accepted and
 * complete later: calling again with the same Update id gets its outcome.
 */
export class WorkflowDeadlineExceeded extends Error {
  constructor(options: { cause: unknown }) {
    super('the workflow did not answer before the deadline', options);
    this.name = 'WorkflowDeadlineExceeded';
  }
}

export interface CallOptions {
  /** Give up waiting at this instant (the HTTP request's deadline); unset: wait as long as it takes. */
  deadline?: Date;
}

/** How the API (and the tests) talk to application workflows. */
export class WorkflowGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    private readonly followUpAfterMs: number,
    /** Deadlines and escalation for new workflows; none means nobody is reminded. */
    readonly escalation?: EscalationPolicy,
    /** When new workflows continue as new (tests set it low to cross it). */
    private readonly runSettings: Pick<LoanApplicationInput, 'continueAsNewAfterEvents'> = {},
  ) {}

  /**
   * Starts the application's workflow and runs its submission as one Update-with-Start.
   * The workflow id comes from the application id and the Update id from the submission's
   * content, so a repeated submission reaches the same workflow and gets the first one's result.
   */
  async submit(applicationId: string, command: SubmitCommand, options: CallOptions = {}): Promise<ApplicationState> {
    const input: LoanApplicationInput = {
      applicationId,
      followUpAfterMs: this.followUpAfterMs,
      ...(this.escalation ? { escalation: this.escalation } : {}),
      ...this.runSettings,
    };
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof loanApplicationWorkflow>(WORKFLOW_TYPE, {
      workflowId: workflowIdFor(applicationId),
      taskQueue: this.taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return this.within(options.deadline, () =>
      sentAgainIfUnprocessed(() =>
        this.client.workflow.executeUpdateWithStart(submitUpdate, {
          args: [command],
          updateId: submitUpdateIdFor(createHash('sha256').update(JSON.stringify(command.submission)).digest('hex').slice(0, 32)),
          startWorkflowOperation,
        }),
      ),
    );
  }

  /** Runs one human step; `updateId` (from the Idempotency-Key) makes a retried call reach the same Update. */
  step<K extends StepName>(
    applicationId: string,
    step: K,
    command: StepCommand<K>,
    options: CallOptions & { updateId?: string | undefined } = {},
  ): Promise<ApplicationState> {
    const handle = this.client.workflow.getHandle(workflowIdFor(applicationId));
    const { updateId } = options;
    return this.within(options.deadline, () =>
      sentAgainIfUnprocessed(() => handle.executeUpdate(stepUpdates[step], { args: [command as StepCommand], ...(updateId ? { updateId } : {}) })),
    );
  }

  /** Case work: a comment, a deadline extension or a reassignment, each an Update like a step. */
  caseWork<K extends keyof CaseWorkCommands>(applicationId: string, kind: K, command: CaseWorkCommands[K], options: CallOptions & { updateId?: string | undefined } = {}): Promise<ApplicationState> {
    const handle = this.client.workflow.getHandle(workflowIdFor(applicationId));
    const { updateId } = options;
    const update = caseWorkUpdates[kind] as UpdateDefinition<ApplicationState, [CaseWorkCommands[K]]>;
    return this.within(options.deadline, () => sentAgainIfUnprocessed(() => handle.executeUpdate(update, { args: [command], ...(updateId ? { updateId } : {}) })));
  }

  /** Every gRPC call inside `call` ends by `deadline`; running out of time becomes WorkflowDeadlineExceeded. */
  private async within<T>(deadline: Date | undefined, call: () => Promise<T>): Promise<T> {
    if (!deadline) return call();
    try {
      return await this.client.withDeadline(deadline, call);
    } catch (error) {
      if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error)) throw new WorkflowDeadlineExceeded({ cause: error });
      throw error;
    }
  }

  /**
   * Every running application past its deadline, from Temporal visibility (the workflows keep
   * stage, holder, deadline and escalation level in search attributes), the longest overdue
   * first, ties by application id; `holder` narrows to the cases one organization holds, `from`
   * to deadlines at or after that instant (where the previous page ended). Temporal's SQL
   * visibility refuses ORDER BY, so every matching execution is read, page by page, and sorted here.
   */
  async stalledCases({ now, holder, from }: StalledCasesQuery): Promise<StalledCase[]> {
    const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
    const deadline = searchAttributes.deadline.name;
    const clauses = [`WorkflowType = ${quote(WORKFLOW_TYPE)}`, `ExecutionStatus = 'Running'`, `${deadline} < ${quote(now.toISOString())}`];
    if (from !== undefined) clauses.push(`${deadline} >= ${quote(from.toISOString())}`);
    if (holder !== undefined) clauses.push(`${searchAttributes.holdingOrganization.name} = ${quote(holder)}`);
    const cases: StalledCase[] = [];
    for await (const execution of this.client.workflow.list({ query: clauses.join(' AND '), pageSize: 1000 })) {
      const attributes = execution.typedSearchAttributes;
      const due = attributes.get(searchAttributes.deadline);
      const applicationId = applicationIdOf(execution.workflowId);
      if (!due || applicationId === null) continue;
      cases.push({
        applicationId,
        stage: attributes.get(searchAttributes.stage) ?? 'unknown',
        holdingOrganizationId: attributes.get(searchAttributes.holdingOrganization) ?? null,
        escalationLevel: attributes.get(searchAttributes.escalationLevel) ?? 0,
        deadline: due,
      });
    }
    return cases.sort(byDeadlineThenId);
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
