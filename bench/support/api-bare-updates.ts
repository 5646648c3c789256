import { type Client, WithStartWorkflowOperation } from '@temporalio/client';
import express, { type Express } from 'express';
import { BARE_WORKFLOW_TYPE, bareStep, bareSubmit, type bareLifecycleWorkflow } from './bare-workflow';
import type { PlannedRequest } from './api-load-protocol';
import { runPool } from './stats';

/**
 * The steps' yardstick: a bare workflow (bench/support/bare-workflow.ts: the same Update shape, no
 * activities, no database) acknowledged through an HTTP route that calls `executeUpdate`, as
 * the step route does. Both are driven by the same load generator over the same loopback, and
 * their Updates go through the same Temporal client, dev server and kind of worker process, so
 * the ratio of the two is what the application adds around and inside its Update: the key,
 * the idempotency record, the holder check, the persistence, the read-back.
 */

const ACKNOWLEDGE = 'acknowledge-receipt';
/** Never reached: the bare workflow waits after the acknowledgement, as a referred case does. */
const LATER = 'check-documents';

export interface BareUpdateSettings {
  client: Client;
  taskQueue: string;
  runId: string;
  concurrency: number;
}

/** Starts `n` bare workflows, each submitted and waiting for its acknowledgement; returns their ids. */
export async function startBareWorkflows(settings: BareUpdateSettings, n: number, offset: number): Promise<string[]> {
  const ids: string[] = [];
  await runPool(n, settings.concurrency, async (lane) => {
    const workflowId = `bare-api-${settings.runId}-${offset + lane}`;
    const startWorkflowOperation = new WithStartWorkflowOperation<typeof bareLifecycleWorkflow>(BARE_WORKFLOW_TYPE, {
      workflowId,
      taskQueue: settings.taskQueue,
      args: [{ steps: [ACKNOWLEDGE, LATER], followUpAfterMs: 24 * 3600_000 }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    await settings.client.workflow.executeUpdateWithStart(bareSubmit, { args: [{ step: 'submit', payload: {} }], updateId: 'submit', startWorkflowOperation });
    ids.push(workflowId);
  });
  return ids;
}

/** POST /bare-updates/:id runs the acknowledgement Update on that bare workflow and answers its result. */
export function mountBareUpdates(app: Express, client: Client): void {
  app.post('/bare-updates/:id', express.json(), async (req, res) => {
    try {
      const done = await client.workflow.getHandle(req.params.id).executeUpdate(bareStep, { args: [{ step: ACKNOWLEDGE, payload: req.body as Record<string, unknown> }] });
      res.json({ id: req.params.id, done });
    } catch (error) {
      res.status(500).json({ error: String(error) });
    }
  });
}

export const bareUpdateRequests = (workflowIds: string[]): PlannedRequest[] =>
  workflowIds.map((id) => ({ method: 'POST', path: `/bare-updates/${id}`, headers: { 'content-type': 'application/json' }, body: '{}' }));

/** Outside the timed run: how many of these bare workflows took their acknowledgement. */
export async function acknowledgedBare(client: Client, workflowIds: string[]): Promise<number> {
  let acknowledged = 0;
  await runPool(workflowIds.length, 20, async (index) => {
    const events = await client.workflow.getHandle(workflowIds[index]!).fetchHistory();
    const completed = (events.events ?? []).filter((e) => e.workflowExecutionUpdateCompletedEventAttributes).length;
    if (completed >= 2) acknowledged += 1;
  });
  return acknowledged;
}
