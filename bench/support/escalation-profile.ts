/**
 * Where a notice's lateness goes, read from the workflow histories of a sample of cases:
 * due → the server fires the timer → a worker starts the workflow task → the task completes and
 * schedules the notify activity → a worker starts the activity → the SMTP sink accepts the mail.
 * Each segment's p50/p99 over the sample; consecutive, so they add up to the lateness.
 */
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { tsToMs } from '@temporalio/common/lib/time';
import { workflowIdFor } from '../../domain/contract';
import type { OwedNotice } from './escalation-wave';
import { percentile, runPool } from './stats';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const SEGMENTS = ['timerFired', 'workflowTaskStarted', 'workflowTaskCompleted', 'activityStarted', 'smtpAccepted'] as const;
export type LatenessProfile = Record<(typeof SEGMENTS)[number] | 'total', { p50Ms: number; p99Ms: number }> & { notices: number };

export async function profileLateness(client: Client, owed: OwedNotice[], sampleCases = 100): Promise<LatenessProfile> {
  const applicationIds = [...new Set(owed.map((o) => o.applicationId))];
  const step = Math.max(1, Math.floor(applicationIds.length / sampleCases));
  const sample = applicationIds.filter((_, i) => i % step === 0).slice(0, sampleCases);
  const durations: Record<string, number[]> = Object.fromEntries([...SEGMENTS, 'total'].map((s) => [s, []]));
  await runPool(sample.length, 10, async (i) => {
    const applicationId = sample[i]!;
    const history = await client.workflow.getHandle(workflowIdFor(applicationId)).fetchHistory();
    const events = history.events ?? [];
    for (const notice of owed.filter((o) => o.applicationId === applicationId && o.arrivedAt !== undefined)) {
      const marks = marksOf(events, notice);
      if (!marks) continue;
      let previous = notice.dueAt;
      SEGMENTS.forEach((segment, index) => {
        durations[segment]!.push(marks[index]! - previous);
        previous = marks[index]!;
      });
      durations.total!.push(notice.arrivedAt! - notice.dueAt);
    }
  });
  const summary = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return { p50Ms: Math.round(percentile(sorted, 50)), p99Ms: Math.round(percentile(sorted, 99)) };
  };
  return {
    notices: durations.total!.length,
    ...(Object.fromEntries(Object.entries(durations).map(([segment, values]) => [segment, summary(values)])) as Omit<LatenessProfile, 'notices'>),
  };
}

/** The instants of one notice's path through the history, in SEGMENTS' order; null if not found. */
function marksOf(events: HistoryEvent[], notice: OwedNotice): number[] | null {
  const byId = new Map(events.map((e) => [Number(e.eventId), e]));
  const scheduled = events.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'notifyStalledCase' && keyOf(e) === notice.key);
  if (!scheduled) return null;
  const completedTask = byId.get(Number(scheduled.activityTaskScheduledEventAttributes!.workflowTaskCompletedEventId));
  const startedTask = byId.get(Number(completedTask?.workflowTaskCompletedEventAttributes?.startedEventId));
  const started = events.find((e) => Number(e.activityTaskStartedEventAttributes?.scheduledEventId) === Number(scheduled.eventId));
  const timer = events.filter((e) => e.timerFiredEventAttributes && Number(e.eventId) < Number(startedTask?.eventId)).at(-1);
  if (!completedTask || !startedTask || !started || !timer) return null;
  return [timer, startedTask, completedTask, started].map((e) => tsToMs(e.eventTime)).concat(notice.arrivedAt!);
}

function keyOf(event: HistoryEvent): string | undefined {
  const data = event.activityTaskScheduledEventAttributes?.input?.payloads?.[0]?.data;
  if (!data) return undefined;
  try {
    return (JSON.parse(Buffer.from(data).toString('utf8')) as { key?: string }).key;
  } catch {
    return undefined;
  }
}

export const printProfile = (title: string, p: LatenessProfile) =>
  console.log(
    `  ${title} (${p.notices} notices): ` + [...SEGMENTS, 'total' as const].map((s) => `${s} p50 ${p[s].p50Ms} / p99 ${p[s].p99Ms} ms`).join('; '),
  );
