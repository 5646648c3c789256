import { jalaliToEpochDay, type JalaliDate } from './jalali';

export type Weekday = 'saturday' | 'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday';

/** In the order of the Iranian week, which starts on Saturday. */
export const WEEKDAYS: readonly Weekday[] = [
  'saturday', 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
];

/** The weekday of a day counted from 1970-01-01, which was a Thursday. */
export function weekdayOfEpochDay(epochDay: number): Weekday {
  const thursdayIndex = 5;
  const weekday = WEEKDAYS[(((epochDay + thursdayIndex) % 7) + 7) % 7];
  if (weekday === undefined) throw new RangeError(`Invalid epoch day ${epochDay}`);
  return weekday;
}

export function jalaliWeekday(date: JalaliDate): Weekday {
  return weekdayOfEpochDay(jalaliToEpochDay(date));
}
