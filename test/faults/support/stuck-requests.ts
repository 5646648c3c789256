import type { Client } from '@temporalio/client';
import type pg from 'pg';
import { attributesOf, historyEvents } from '../../../api/history/history-json';
import type { Cluster } from '../../../cluster/cluster';
import { workflowIdFor } from '../../../domain/contract';
import type { ClientRecord } from '../../../support/failover-client';

/**
 * What a request the client has retried for minutes is waiting on: its workflow's pending
 * activities and workflow task, the last events and any failed workflow tasks of its history,
 * the database's row, and what the processes logged about it. Printed while the cluster still
 * runs, so a run that wedges says why, not only that it did.
 */
export async function describeStuckRequests(record: ClientRecord, olderThanMs: number, client: Client, db: pg.Pool, cluster: Cluster): Promise<string[]> {
  const now = Date.now();
  const stuck = [...record.outstanding.values()].filter((request) => now - request.since > olderThanMs);
  const lines: string[] = [];
  for (const { request, since } of stuck.slice(0, 5)) {
    lines.push(`${request}: unanswered for ${Math.round((now - since) / 1000)} s`);
    const applicationId = /\/applications\/([0-9a-f-]{36})/.exec(request)?.[1];
    if (applicationId) lines.push(...(await describeApplication(applicationId, client, db, cluster)).map((line) => `  ${line}`));
  }
  return lines;
}

async function describeApplication(applicationId: string, client: Client, db: pg.Pool, cluster: Cluster): Promise<string[]> {
  const lines: string[] = [];
  const handle = client.workflow.getHandle(workflowIdFor(applicationId));
  try {
    const { raw, status } = await handle.describe();
    lines.push(`workflow ${status.name}, history length ${String(raw.workflowExecutionInfo?.historyLength)}`);
    for (const activity of raw.pendingActivities ?? []) {
      lines.push(`pending activity ${activity.activityType?.name}: state ${activity.state}, attempt ${activity.attempt}, last failure: ${activity.lastFailure?.message ?? 'none'}`);
    }
    if (raw.pendingWorkflowTask) lines.push(`pending workflow task: state ${raw.pendingWorkflowTask.state}, attempt ${raw.pendingWorkflowTask.attempt}`);
    const events = historyEvents(await handle.fetchHistory());
    for (const event of events.filter((e) => e.eventType === 'EVENT_TYPE_WORKFLOW_TASK_FAILED').slice(-3)) {
      lines.push(`workflow task failed (event ${event.eventId}): ${attributesOf(event).failure?.message ?? ''}`.slice(0, 600));
    }
    lines.push(`last events: ${events.slice(-12).map((e) => `${e.eventId}:${e.eventType.replace('EVENT_TYPE_', '')}`).join(' ')}`);
  } catch (error) {
    lines.push(`could not describe the workflow: ${String(error)}`);
  }
  const row = await db.query('SELECT stage, review_step, last_sequence, pending_tranche FROM applications WHERE id = $1', [applicationId]).catch((error: unknown) => ({ rows: [String(error)] }));
  lines.push(`database: ${JSON.stringify(row.rows[0] ?? 'no row')}`);
  for (const process of [...cluster.apis, ...cluster.workers]) {
    for (const line of process.output().split('\n').filter((l) => l.includes(applicationId)).slice(-4)) lines.push(`[${process.name}] ${line.slice(0, 400)}`);
  }
  return lines;
}
