import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type pg from 'pg';
import { workflowIdFor } from '../../../domain/contract';
import type { StalledCaseNotice } from '../../../domain/escalation';
import { historyEvents } from '../../topology/support/batch';
import type { Figure } from './reconciliation';

/**
 * Escalations the workflows ordered against what the outbox holds: a notice is lost when its
 * activity never completed, or completed with no outbox row while its wait was still on (a
 * notice whose wait ended is rightly dropped); duplicated when two outbox rows share its key.
 */
export async function reconcileNotices(client: Client, db: pg.Pool, ids: string[]): Promise<Figure & { ordered: number; details: string[] }> {
  const details: string[] = [];
  const notices: StalledCaseNotice[] = [];
  for (const id of ids) {
    const events = await historyEvents(client, id);
    const completed = new Set(events.map((e) => String(e.activityTaskCompletedEventAttributes?.scheduledEventId ?? '')));
    for (const event of events) {
      const scheduled = event.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name !== 'notifyStalledCase') continue;
      const notice = defaultPayloadConverter.fromPayload<StalledCaseNotice>(scheduled.input!.payloads![0]!);
      notices.push(notice);
      if (!completed.has(String(event.eventId))) details.push(`notice never completed: ${notice.key} (${workflowIdFor(id)})`);
    }
  }
  const rows = (await db.query<{ escalation_key: string; n: string }>(
    'SELECT escalation_key, count(*) AS n FROM escalations WHERE escalation_key = ANY($1) GROUP BY escalation_key', [notices.map((n) => n.key)])).rows;
  const recorded = new Map(rows.map((row) => [row.escalation_key, Number(row.n)]));
  const sequences = new Map((await db.query<{ id: string; last_sequence: number }>(
    'SELECT id, last_sequence FROM applications WHERE id = ANY($1)', [ids])).rows.map((row) => [row.id, row.last_sequence]));
  for (const notice of notices) {
    const waitEnded = notice.stateSequence !== undefined && (sequences.get(notice.applicationId) ?? 0) > notice.stateSequence;
    if (!recorded.has(notice.key) && !waitEnded) details.push(`notice without escalation or email: ${notice.key}`);
  }
  const duplicated = [...recorded].filter(([, n]) => n > 1);
  details.push(...duplicated.map(([key, n]) => `escalation recorded ×${n}: ${key}`));
  return {
    ordered: notices.length,
    lost: details.filter((d) => d.startsWith('notice')).length,
    duplicated: duplicated.reduce((total, [, n]) => total + n - 1, 0),
    details,
  };
}
