import { iranPublicHolidayDates } from './holidays';
import { iranEpochDay, iranTimeOfDayMs, MS_PER_DAY, startOfIranDay } from './iran-time';
import { jalaliToEpochDay, type JalaliDate } from './jalali';
import { weekdayOfEpochDay, WEEKDAYS, type Weekday } from './weekdays';

/**
 * Deadlines counted in working days of the Iranian calendar.
 *
 * How time of day works: days are Tehran days (00:00–24:00 at UTC+03:30). A deadline of N
 * working days from an instant on a working day ends at the same Tehran time of day on the
 * Nth working day after that day: referred on Wednesday at 10:30, two working days (Friday
 * off) end on Saturday at 10:30. An instant on a weekend day or holiday counts from the start
 * (00:00) of the next working day: referred on Friday evening, one working day ends on
 * Sunday at 00:00, Saturday having been the whole of that day. Adding 0 days gives that
 * starting point. `workingDaysBetween` counts the same way, whole working days only, so
 * `workingDaysBetween(start, addWorkingDays(start, n)) === n`. One consequence: a deadline
 * at 00:00 after a day off (say Saturday 00:00) is already complete in working time when
 * Thursday ends, and `workingDaysBetween` says so on Friday; the deadline is still given as
 * Saturday 00:00 so that it always falls on a working day.
 *
 * Test/demo mode: with `{ dayLengthMs }` set to anything but 86 400 000, one "working day"
 * lasts that many milliseconds, every day is a working day, and the answers are plain
 * arithmetic (`start + days × dayLengthMs`), so a whole escalation chain plays out in seconds.
 */
export interface WorkingTimeOptions {
  readonly dayLengthMs?: number;
}

export interface WorkingCalendarConfig {
  /** Days off every week; default `['friday']`. Many offices also close on Thursday. */
  readonly weekend?: readonly Weekday[];
  /** Days off besides the weekend; default `iranPublicHolidayDates()`. Pass `[]` for none. */
  readonly holidays?: readonly JalaliDate[];
}

export interface WorkingCalendar {
  readonly weekend: readonly Weekday[];
  readonly holidays: readonly JalaliDate[];
  /** For an instant, the Tehran day that contains it. Always true in test/demo mode. */
  isWorkingDay(date: JalaliDate | Date, options?: WorkingTimeOptions): boolean;
  /** The instant at which a deadline of `days` (a whole number ≥ 0) working days ends. */
  addWorkingDays(start: Date, days: number, options?: WorkingTimeOptions): Date;
  /** Whole working days elapsed from `start` to `end`; negative when `end` comes first. */
  workingDaysBetween(start: Date, end: Date, options?: WorkingTimeOptions): number;
}

export const DEFAULT_WEEKEND: readonly Weekday[] = ['friday'];

/** The dayLengthMs of test/demo mode, or undefined for the real calendar. */
function demoDayLengthMs(options: WorkingTimeOptions | undefined): number | undefined {
  const dayLengthMs = options?.dayLengthMs;
  if (dayLengthMs === undefined || dayLengthMs === MS_PER_DAY) return undefined;
  if (!Number.isFinite(dayLengthMs) || dayLengthMs <= 0) {
    throw new RangeError(`dayLengthMs must be a positive number of milliseconds, not ${dayLengthMs}`);
  }
  return dayLengthMs;
}

function timeOf(instant: Date): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid Date');
  return time;
}

export function createWorkingCalendar(config: WorkingCalendarConfig = {}): WorkingCalendar {
  const weekendDays = new Set(config.weekend ?? DEFAULT_WEEKEND);
  for (const day of weekendDays) {
    if (!WEEKDAYS.includes(day)) throw new RangeError(`Unknown weekday "${String(day)}"`);
  }
  // With every day off no deadline could ever end; refuse rather than loop forever.
  if (weekendDays.size === WEEKDAYS.length) throw new RangeError('A week needs at least one working day');
  const weekend = WEEKDAYS.filter((day) => weekendDays.has(day));
  const holidays = [...(config.holidays ?? iranPublicHolidayDates())];
  const holidayDays = new Set(holidays.map(jalaliToEpochDay));

  const isWorkingEpochDay = (epochDay: number): boolean =>
    !weekendDays.has(weekdayOfEpochDay(epochDay)) && !holidayDays.has(epochDay);

  const nextWorkingEpochDay = (after: number): number => {
    let epochDay = after + 1;
    while (!isWorkingEpochDay(epochDay)) epochDay += 1;
    return epochDay;
  };

  /** Where counting starts for an instant: its own day and time, or the next working day's start. */
  const countingPoint = (instant: Date): { epochDay: number; timeOfDayMs: number } => {
    const epochDay = iranEpochDay(instant);
    return isWorkingEpochDay(epochDay)
      ? { epochDay, timeOfDayMs: iranTimeOfDayMs(instant) }
      : { epochDay: nextWorkingEpochDay(epochDay), timeOfDayMs: 0 };
  };

  const isWorkingDay = (date: JalaliDate | Date, options?: WorkingTimeOptions): boolean => {
    if (demoDayLengthMs(options) !== undefined) return true;
    return isWorkingEpochDay(date instanceof Date ? iranEpochDay(date) : jalaliToEpochDay(date));
  };

  const addWorkingDays = (start: Date, days: number, options?: WorkingTimeOptions): Date => {
    if (!Number.isSafeInteger(days) || days < 0) {
      throw new RangeError(`days must be a whole number of working days ≥ 0, not ${days}`);
    }
    const dayLengthMs = demoDayLengthMs(options);
    if (dayLengthMs !== undefined) return new Date(timeOf(start) + days * dayLengthMs);
    const from = countingPoint(start);
    let epochDay = from.epochDay;
    for (let counted = 0; counted < days; counted += 1) epochDay = nextWorkingEpochDay(epochDay);
    return new Date(startOfIranDay(epochDay).getTime() + from.timeOfDayMs);
  };

  const workingDaysBetween = (start: Date, end: Date, options?: WorkingTimeOptions): number => {
    const dayLengthMs = demoDayLengthMs(options);
    if (dayLengthMs !== undefined) return Math.trunc((timeOf(end) - timeOf(start)) / dayLengthMs);
    if (timeOf(end) < timeOf(start)) return -workingDaysBetween(end, start);
    const from = countingPoint(start);
    const to = countingPoint(end);
    let count = 0;
    for (let epochDay = from.epochDay + 1; epochDay <= to.epochDay; epochDay += 1) {
      if (isWorkingEpochDay(epochDay)) count += 1;
    }
    // The last working day counts only once its time of day has come round again.
    return to.timeOfDayMs < from.timeOfDayMs ? count - 1 : count;
  };

  return { weekend, holidays, isWorkingDay, addWorkingDays, workingDaysBetween };
}
