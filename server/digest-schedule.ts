import { type Client, ScheduleOverlapPolicy } from '@temporalio/client';
import type { DigestTime } from '../config/config';
import { type CalendarSchedule, ensureCalendarSchedule } from './calendar-schedule';

/** One Schedule per namespace, whichever process starts first; every other start finds it. */
export const DIGEST_SCHEDULE_ID = 'weekly-digest';
/** The workflow's registered name (workflows/weekly-digest.ts), written here so no workflow code is loaded. */
export const WEEKLY_DIGEST_WORKFLOW_TYPE = 'weeklyDigestWorkflow';

export interface DigestScheduleSettings {
  taskQueue: string;
  /** Tehran wall-clock time (DIGEST_SCHEDULE). */
  time: DigestTime;
}

function digestSchedule({ taskQueue, time }: DigestScheduleSettings): CalendarSchedule {
  return {
    scheduleId: DIGEST_SCHEDULE_ID,
    workflowType: WEEKLY_DIGEST_WORKFLOW_TYPE,
    taskQueue,
    ...time,
    comment: 'weekly digest',
    // A firing while last week's run still retries its send runs after it and finds its own week.
    overlap: ScheduleOverlapPolicy.BUFFER_ONE,
  };
}

/** The digest's Schedule, made or brought in line with DIGEST_SCHEDULE at every start (server/calendar-schedule.ts). */
export const ensureDigestSchedule = (client: Client, settings: DigestScheduleSettings) => ensureCalendarSchedule(client, digestSchedule(settings));
