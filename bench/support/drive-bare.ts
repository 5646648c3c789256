import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import { BARE_WORKFLOW_TYPE, bareStep, bareSubmit, type bareLifecycleWorkflow } from './bare-workflow';
import { runPool } from './stats';

export interface BareRun {
  workflowIds: string[];
  /** Update calls, call to result, in ms. */
  updateLatenciesMs: number[];
}

export interface BareSettings {
  client: Client;
  taskQueue: string;
  runId: string;
  steps: string[];
  followUpAfterMs: number;
}

/** The bare baseline's lifecycles: Update-with-Start, then one Update per step, straight to Temporal. */
export async function driveBare(settings: BareSettings, n: number, concurrency: number, offset = 0): Promise<BareRun> {
  const run: BareRun = { workflowIds: [], updateLatenciesMs: [] };
  const timed = async <T>(call: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await call();
    run.updateLatenciesMs.push(performance.now() - started);
    return result;
  };

  await runPool(n, concurrency, async (lane) => {
    const workflowId = `bare-${settings.runId}-${offset + lane}`;
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof bareLifecycleWorkflow>(BARE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: settings.taskQueue,
      args: [{ steps: settings.steps, followUpAfterMs: settings.followUpAfterMs }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await timed(() =>
      settings.client.workflow.executeUpdateWithStart(bareSubmit, { args: [{ step: 'submit', payload: {} }], updateId: 'submit', startWorkflowOperation }),
    );
    run.workflowIds.push(workflowId);
    const handle = settings.client.workflow.getHandle(workflowId);
    for (const step of settings.steps) {
      await timed(() => handle.executeUpdate(bareStep, { args: [{ step, payload: { by: 'bench' } }] }));
    }
  });
  return run;
}

/** Outside the timed run: every bare workflow completed after all its steps. Returns those that did not. */
export async function unfinishedBare(settings: BareSettings, workflowIds: string[]): Promise<string[]> {
  const unfinished: string[] = [];
  await runPool(workflowIds.length, 20, async (index) => {
    const workflowId = workflowIds[index]!;
    const handle = settings.client.workflow.getHandle(workflowId);
    // describe() first: result() of a workflow still running would wait for it.
    const completed = (await handle.describe()).status.name === 'COMPLETED';
    const done = completed ? await handle.result() : -1;
    if (done !== settings.steps.length) unfinished.push(workflowId);
  });
  return unfinished;
}
