import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import type { ApplicationState } from '../domain/application-state';
import type { StepCommand, StepName, SubmitCommand } from '../domain/commands';
import type { EscalationPolicy } from '../domain/deadlines';
import {
  type LoanApplicationInput,
  SUBMIT_UPDATE_ID,
  stateQuery,
  stepUpdates,
  submitUpdate,
  WORKFLOW_TYPE,
  workflowIdFor,
} from '../domain/contract';
import type { loanApplicationWorkflow } from '../workflows';

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

  state(applicationId: string): Promise<ApplicationState | null> {
    return this.client.workflow.getHandle(workflowIdFor(applicationId)).query(stateQuery);
  }
}
