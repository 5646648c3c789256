import { type Client, ScheduleAlreadyRunning, type ScheduleDescription, type ScheduleOptions, ScheduleOverlapPolicy } from '@temporalio/client';
import type { DigestTime } from '../config/config';

/** One Schedule per namespace, whichever process starts first; every other start finds it. */
export const DIGEST_SCHEDULE_ID = 'weekly-digest';
export const DIGEST_TIMEZONE = 'Asia/Tehran';
/** The workflow's registered name (workflows/weekly-digest.ts), written here so no workflow code is loaded. */
export const WEEKLY_DIGEST_WORKFLOW_TYPE = 'weeklyDigestWorkflow';
const CATCHUP_WINDOW_MS = 24 * 3_600_000;

export interface DigestScheduleSettings {
  taskQueue: string;
  /** Tehran wall-clock time (DIGEST_SCHEDULE). */
  time: DigestTime;
}

/** What a start compares: the settings the Schedule was made from, read back from its description. */
export interface DigestScheduleShape extends DigestTime {
  timezone: string | undefined;
  taskQueue: string;
  workflowType: string;
  overlap: string;
  catchupWindowMs: number;
}

export function digestScheduleOptions({ taskQueue, time }: DigestScheduleSettings) {
  return {
    scheduleId: DIGEST_SCHEDULE_ID,
    // The server reads the calendar in Tehran time, so 08:00 stays 08:00 whatever its own zone.
    spec: { calendars: [{ dayOfWeek: time.dayOfWeek, hour: time.hour, minute: time.minute, comment: 'weekly digest' }], timezone: DIGEST_TIMEZONE },
    action: { type: 'startWorkflow', workflowType: WEEKLY_DIGEST_WORKFLOW_TYPE, workflowId: DIGEST_SCHEDULE_ID, taskQueue, args: [{}] },
    policies: {
      // A firing while last week's run still retries its send runs after it and finds its own week.
      overlap: ScheduleOverlapPolicy.BUFFER_ONE,
      // A server down at the firing time catches up within the day; the week is the same.
      catchupWindow: CATCHUP_WINDOW_MS,
      pauseOnFailure: false,
    },
  } satisfies ScheduleOptions;
}

/**
 * Creates the digest's Schedule when absent, updates it when its time, queue or policies
 * differ from the configuration, and otherwise leaves it alone: at every start, never a second one.
 */
export async function ensureDigestSchedule(client: Client, settings: DigestScheduleSettings): Promise<'created' | 'updated' | 'unchanged'> {
  const desired = digestScheduleOptions(settings);
  try {
    await client.schedule.create(desired);
    return 'created';
  } catch (error) {
    // Another start created it first, or an earlier one did: compare and update instead.
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(DIGEST_SCHEDULE_ID);
  const wanted: DigestScheduleShape = {
    ...settings.time,
    timezone: DIGEST_TIMEZONE,
    taskQueue: settings.taskQueue,
    workflowType: WEEKLY_DIGEST_WORKFLOW_TYPE,
    overlap: desired.policies.overlap,
    catchupWindowMs: CATCHUP_WINDOW_MS,
  };
  const current = digestScheduleShape(await handle.describe());
  if (Object.entries(wanted).every(([key, value]) => current[key as keyof DigestScheduleShape] === value)) return 'unchanged';
  await handle.update((previous) => ({ spec: desired.spec, action: desired.action, policies: desired.policies, state: previous.state }));
  return 'updated';
}

/** The Schedule's settings as this module writes them; a part it would not write (several calendars, ranges) is undefined. */
export function digestScheduleShape(description: ScheduleDescription): Partial<DigestScheduleShape> {
  const calendars = description.spec.calendars ?? [];
  const only = <T>(ranges: Array<{ start: T; end: T }> | undefined): T | undefined =>
    ranges?.length === 1 && ranges[0]!.start === ranges[0]!.end ? ranges[0]!.start : undefined;
  const calendar = calendars.length === 1 && !description.spec.intervals?.length ? calendars[0] : undefined;
  return {
    dayOfWeek: only(calendar?.dayOfWeek),
    hour: only(calendar?.hour),
    minute: only(calendar?.minute),
    timezone: description.spec.timezone,
    taskQueue: description.action.taskQueue,
    workflowType: description.action.workflowType,
    overlap: description.policies.overlap,
    catchupWindowMs: description.policies.catchupWindow,
  };
}
