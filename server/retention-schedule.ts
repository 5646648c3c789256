import { type Client, ScheduleAlreadyRunning, type ScheduleDescription, type ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';

/** One Schedule per namespace, whichever process starts first; every other start finds it. */
export const RETENTION_SCHEDULE_ID = 'particulars-retention';
export const RETENTION_TIMEZONE = 'Asia/Tehran';
/** The workflow's registered name (workflows/particulars-retention.ts), written here so no workflow code is loaded. */
export const RETENTION_WORKFLOW_TYPE = 'particularsRetentionWorkflow';
/** 03:00 Tehran time: the quietest hour for a run that locks applicants' rows. */
export const RETENTION_HOUR = 3;
const CATCHUP_WINDOW_MS = 24 * 3_600_000;

export interface RetentionScheduleSettings {
  taskQueue: string;
}

/** What a start compares: the settings the Schedule was made from, read back from its description. */
export interface RetentionScheduleShape {
  hour: number;
  minute: number;
  timezone: string | undefined;
  taskQueue: string;
  workflowType: string;
  overlap: string;
  catchupWindowMs: number;
}

export function retentionScheduleOptions({ taskQueue }: RetentionScheduleSettings) {
  return {
    scheduleId: RETENTION_SCHEDULE_ID,
    spec: { calendars: [{ hour: RETENTION_HOUR, minute: 0, comment: 'erase particulars past retention' }], timezone: RETENTION_TIMEZONE },
    action: { type: 'startWorkflow', workflowType: RETENTION_WORKFLOW_TYPE, workflowId: RETENTION_SCHEDULE_ID, taskQueue, args: [{}] },
    policies: {
      // A run still going (a large first backlog) is left to finish; the next night takes the rest.
      overlap: ScheduleOverlapPolicy.SKIP,
      // A server down at 03:00 catches up within the day.
      catchupWindow: CATCHUP_WINDOW_MS,
      pauseOnFailure: false,
    },
  } satisfies ScheduleOptions;
}

/**
 * Creates the retention Schedule when absent, updates it when its time, queue or policies differ
 * from these, and otherwise leaves it alone: at every start, never a second one.
 */
export async function ensureRetentionSchedule(client: Client, settings: RetentionScheduleSettings): Promise<'created' | 'updated' | 'unchanged'> {
  const desired = retentionScheduleOptions(settings);
  try {
    await client.schedule.create(desired);
    return 'created';
  } catch (error) {
    // Another start created it first, or an earlier one did: compare and update instead.
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(RETENTION_SCHEDULE_ID);
  const wanted: RetentionScheduleShape = {
    hour: RETENTION_HOUR,
    minute: 0,
    timezone: RETENTION_TIMEZONE,
    taskQueue: settings.taskQueue,
    workflowType: RETENTION_WORKFLOW_TYPE,
    overlap: desired.policies.overlap,
    catchupWindowMs: CATCHUP_WINDOW_MS,
  };
  const current = retentionScheduleShape(await handle.describe());
  if (Object.entries(wanted).every(([key, value]) => current[key as keyof RetentionScheduleShape] === value)) return 'unchanged';
  await handle.update((previous) => ({ spec: desired.spec, action: desired.action, policies: desired.policies, state: previous.state }));
  return 'updated';
}

/** The Schedule's settings as this module writes them; a part it would not write (several calendars, ranges, weekdays) is undefined. */
export function retentionScheduleShape(description: ScheduleDescription): Partial<RetentionScheduleShape> {
  const calendars = description.spec.calendars ?? [];
  const only = <T>(ranges: Array<{ start: T; end: T }> | undefined): T | undefined =>
    ranges?.length === 1 && ranges[0]!.start === ranges[0]!.end ? ranges[0]!.start : undefined;
  const calendar = calendars.length === 1 && !description.spec.intervals?.length ? calendars[0] : undefined;
  // Every day: the calendar's weekdays are the whole week (Temporal's default), else it is not ours.
  const daily = calendar?.dayOfWeek === undefined || calendar.dayOfWeek.length === 0 || isWholeWeek(calendar.dayOfWeek);
  return {
    hour: daily ? only(calendar?.hour) : undefined,
    minute: only(calendar?.minute),
    timezone: description.spec.timezone,
    taskQueue: description.action.taskQueue,
    workflowType: description.action.workflowType,
    overlap: description.policies.overlap,
    catchupWindowMs: description.policies.catchupWindow,
  };
}

function isWholeWeek(ranges: Array<{ start: string; end: string }>): boolean {
  return ranges.length === 1 && ranges[0]!.start === 'SUNDAY' && ranges[0]!.end === 'SATURDAY';
}
