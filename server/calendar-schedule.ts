import { type Client, type DayOfWeek, ScheduleAlreadyRunning, type ScheduleDescription, type ScheduleOptions, type ScheduleOverlapPolicy } from '@temporalio/client';

/** The server reads a calendar in Tehran time, so 08:00 stays 08:00 whatever its own zone. */
export const SCHEDULE_TIMEZONE = 'Asia/Tehran';
/** A calendar with no weekday set fires every day: Temporal describes it as Sunday to Saturday. */
export const EVERY_DAY = 'EVERY_DAY';
/** A server down at the firing time catches up within the day. */
const CATCHUP_WINDOW_MS = 24 * 3_600_000;

/** One Schedule per namespace that starts one workflow at a Tehran wall-clock time. */
export interface CalendarSchedule {
  /** Also the started workflow's id. */
  scheduleId: string;
  /** The workflow's registered name, written by its caller so no workflow code is loaded here. */
  workflowType: string;
  taskQueue: string;
  /** Unset: every day. */
  dayOfWeek?: DayOfWeek;
  hour: number;
  minute: number;
  comment: string;
  overlap: ScheduleOverlapPolicy;
}

/** What a start compares: the settings the Schedule was made from, read back from its description. */
export interface CalendarScheduleShape {
  dayOfWeek: string;
  hour: number;
  minute: number;
  timezone: string | undefined;
  taskQueue: string;
  workflowType: string;
  overlap: ScheduleOverlapPolicy;
  catchupWindowMs: number;
}

export function calendarScheduleOptions(schedule: CalendarSchedule) {
  const { scheduleId, workflowType, taskQueue, dayOfWeek, hour, minute, comment, overlap } = schedule;
  return {
    scheduleId,
    spec: { calendars: [{ ...(dayOfWeek ? { dayOfWeek } : {}), hour, minute, comment }], timezone: SCHEDULE_TIMEZONE },
    action: { type: 'startWorkflow', workflowType, workflowId: scheduleId, taskQueue, args: [{}] },
    policies: { overlap, catchupWindow: CATCHUP_WINDOW_MS, pauseOnFailure: false },
  } satisfies ScheduleOptions;
}

/**
 * Creates the Schedule when absent, updates it when its time, queue or policies differ from
 * `schedule`, and otherwise leaves it alone: at every start, never a second one.
 */
export async function ensureCalendarSchedule(client: Client, schedule: CalendarSchedule): Promise<'created' | 'updated' | 'unchanged'> {
  const desired = calendarScheduleOptions(schedule);
  try {
    await client.schedule.create(desired);
    return 'created';
  } catch (error) {
    // Another start created it first, or an earlier one did: compare and update instead.
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(schedule.scheduleId);
  const wanted: CalendarScheduleShape = {
    dayOfWeek: schedule.dayOfWeek ?? EVERY_DAY,
    hour: schedule.hour,
    minute: schedule.minute,
    timezone: SCHEDULE_TIMEZONE,
    taskQueue: schedule.taskQueue,
    workflowType: schedule.workflowType,
    overlap: schedule.overlap,
    catchupWindowMs: CATCHUP_WINDOW_MS,
  };
  const current = calendarScheduleShape(await handle.describe());
  if (Object.entries(wanted).every(([key, value]) => current[key as keyof CalendarScheduleShape] === value)) return 'unchanged';
  await handle.update((previous) => ({ spec: desired.spec, action: desired.action, policies: desired.policies, state: previous.state }));
  return 'updated';
}

/** The Schedule's settings as this module writes them; a part it would not write (several calendars, ranges) is undefined. */
export function calendarScheduleShape(description: ScheduleDescription): Partial<CalendarScheduleShape> {
  const calendars = description.spec.calendars ?? [];
  const only = <T>(ranges: Array<{ start: T; end: T }> | undefined): T | undefined =>
    ranges?.length === 1 && ranges[0]!.start === ranges[0]!.end ? ranges[0]!.start : undefined;
  const calendar = calendars.length === 1 && !description.spec.intervals?.length ? calendars[0] : undefined;
  const days = calendar?.dayOfWeek;
  const everyDay = days === undefined || days.length === 0 || (days.length === 1 && days[0]!.start === 'SUNDAY' && days[0]!.end === 'SATURDAY');
  return {
    dayOfWeek: calendar ? (everyDay ? EVERY_DAY : only(days)) : undefined,
    hour: only(calendar?.hour),
    minute: only(calendar?.minute),
    timezone: description.spec.timezone,
    taskQueue: description.action.taskQueue,
    workflowType: description.action.workflowType,
    overlap: description.policies.overlap,
    catchupWindowMs: description.policies.catchupWindow,
  };
}
