import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import type { ApplicationState } from '../../domain/application-state';
import type { StepCommand, StepName, SubmitCommand } from '../../domain/commands';
import { type CallOptions, WorkflowGateway } from '../../api/workflow-gateway';
import { runPool, type LatencySummary, summarize } from './stats';

/** The API's gateway, timing each Update it runs: the Temporal share of an HTTP step. */
export class TimedGateway extends WorkflowGateway {
  readonly updateLatenciesMs: number[] = [];

  override async submit(applicationId: string, command: SubmitCommand, options?: CallOptions): Promise<ApplicationState> {
    return this.timed(() => super.submit(applicationId, command, options));
  }

  override async step<K extends StepName>(
    applicationId: string,
    step: K,
    command: StepCommand<K>,
    options?: CallOptions & { updateId?: string | undefined },
  ): Promise<ApplicationState> {
    return this.timed(() => super.step(applicationId, step, command, options));
  }

  private async timed<T>(call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await call();
    } finally {
      this.updateLatenciesMs.push(performance.now() - started);
    }
  }
}

export interface HistoryBreakdown {
  workflows: number;
  /** Workflow task: scheduled to picked up by the worker, and picked up to completed. */
  workflowTaskQueue: LatencySummary;
  workflowTaskRun: LatencySummary;
  /** Activity task (persistTransition): scheduled to started, started to completed. */
  activityQueue: LatencySummary;
  activityRun: LatencySummary;
  workflowTasksPerWorkflow: number;
  activitiesPerWorkflow: number;
}

/** Where a sample of workflows spent their time, from the server's own event timestamps. */
export async function historyBreakdown(client: Client, workflowIds: string[], sample = 20): Promise<HistoryBreakdown> {
  // Evenly spread over the run, so neither its ramp-up nor its tail dominates.
  const stride = Math.max(1, Math.floor(workflowIds.length / sample));
  const ids = workflowIds.filter((_, i) => i % stride === 0).slice(0, sample);
  const wftQueue: number[] = [];
  const wftRun: number[] = [];
  const actQueue: number[] = [];
  const actRun: number[] = [];
  await runPool(ids.length, 5, async (index) => {
    const history = await client.workflow.getHandle(ids[index]!).fetchHistory();
    const timeOf = new Map<number, number>();
    for (const event of history.events ?? []) {
      const id = Number(event.eventId);
      const at = tsToMs(event.eventTime);
      timeOf.set(id, at);
      const since = (scheduledId: unknown) => at - (timeOf.get(Number(scheduledId)) ?? at);
      if (event.workflowTaskStartedEventAttributes) wftQueue.push(since(event.workflowTaskStartedEventAttributes.scheduledEventId));
      if (event.workflowTaskCompletedEventAttributes) wftRun.push(since(event.workflowTaskCompletedEventAttributes.startedEventId));
      if (event.activityTaskStartedEventAttributes) actQueue.push(since(event.activityTaskStartedEventAttributes.scheduledEventId));
      if (event.activityTaskCompletedEventAttributes) actRun.push(since(event.activityTaskCompletedEventAttributes.startedEventId));
    }
  });
  const per = (count: number) => (ids.length ? Math.round((count / ids.length) * 10) / 10 : 0);
  return {
    workflows: ids.length,
    workflowTaskQueue: summarize(wftQueue),
    workflowTaskRun: summarize(wftRun),
    activityQueue: summarize(actQueue),
    activityRun: summarize(actRun),
    workflowTasksPerWorkflow: per(wftRun.length),
    activitiesPerWorkflow: per(actRun.length),
  };
}
