import { epochDayToJalali, iranEpochDay, type JalaliDate, startOfIranDay, weekdayOfEpochDay, WEEKDAYS } from '../calendar';
import type { Period } from './period';

/** A whole Iranian week, Saturday 00:00 to the next Saturday 00:00 in Tehran (half-open, as every Period). */
export interface WeekPeriod extends Period {
  /** Its first and last day in Jalali, `1405-08-30..1405-09-06`: names the week, and keys its digest. */
  label: string;
}

const jalaliText = ({ year, month, day }: JalaliDate): string =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/**
 * The last whole week that ended at or before `instant`: on Saturday 08:00 the week that ended
 * at midnight, and on any day of the next week still that one, so every run in a week, whenever
 * it is triggered, reports (and keys its email by) the same period. Pure: the caller passes the instant.
 */
export function weekEndedBefore(instant: Date): WeekPeriod {
  const today = iranEpochDay(instant);
  // The Iranian week starts on Saturday, the first of WEEKDAYS.
  const thisSaturday = today - WEEKDAYS.indexOf(weekdayOfEpochDay(today));
  const first = thisSaturday - 7;
  return {
    from: startOfIranDay(first),
    to: startOfIranDay(thisSaturday),
    label: `${jalaliText(epochDayToJalali(first))}..${jalaliText(epochDayToJalali(thisSaturday - 1))}`,
  };
}
