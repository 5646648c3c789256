import { type Client, ScheduleOverlapPolicy } from '@temporalio/client';
import { ensureCalendarSchedule } from './calendar-schedule';

/** One Schedule per namespace, whichever process starts first; every other start finds it. */
export const RETENTION_SCHEDULE_ID = 'particulars-retention';
/** The workflow's registered name (workflows/particulars-retention.ts), written here so no workflow code is loaded. */
export const RETENTION_WORKFLOW_TYPE = 'particularsRetentionWorkflow';

/** The nightly erasure's Schedule, every day at 03:00 Tehran time (the quietest hour for a run that locks applicants' rows). */
export function ensureRetentionSchedule(client: Client, { taskQueue }: { taskQueue: string }) {
  return ensureCalendarSchedule(client, {
    scheduleId: RETENTION_SCHEDULE_ID,
    workflowType: RETENTION_WORKFLOW_TYPE,
    taskQueue,
    hour: 3,
    minute: 0,
    comment: 'erase particulars past retention',
    // A run still going (a large first backlog) is left to finish; the next night takes the rest.
    overlap: ScheduleOverlapPolicy.SKIP,
  });
}
