import { FIXED_SOLAR_HOLIDAYS, LUNAR_HOLIDAYS, type HolidayOccasion, type LunarHolidayYear } from './holidays-data';
import { compareJalali, isValidJalaliDate, jalaliToEpochDay, type JalaliDate } from './jalali';

export interface PublicHoliday {
  readonly date: JalaliDate;
  readonly occasion: HolidayOccasion;
}

/** The Jalali years whose lunar holidays are in `holidays-data.ts`. */
export const IRAN_HOLIDAY_YEARS: readonly number[] = LUNAR_HOLIDAYS.map((entry) => entry.year);

function lunarYear(year: number): LunarHolidayYear | undefined {
  return LUNAR_HOLIDAYS.find((entry) => entry.year === year);
}

/**
 * 'official' or 'estimated' (see `holidays-data.ts`), or 'missing' for a year whose lunar
 * holidays nobody has entered yet: only its fixed solar holidays are known then.
 */
export function holidayDataStatus(year: number): 'official' | 'estimated' | 'missing' {
  return lunarYear(year)?.status ?? 'missing';
}

/** Every public holiday of the Jalali `year` in date order; a day with two occasions appears twice. */
export function iranPublicHolidays(year: number): readonly PublicHoliday[] {
  const entries = [...FIXED_SOLAR_HOLIDAYS, ...(lunarYear(year)?.holidays ?? [])];
  return entries
    .map(({ month, day, occasion }) => ({ date: { year, month, day }, occasion }))
    .sort((a, b) => compareJalali(a.date, b.date));
}

/** The occasions celebrated or mourned on `date`; empty on an ordinary day. */
export function iranHolidayOccasions(date: JalaliDate): readonly HolidayOccasion[] {
  if (!isValidJalaliDate(date)) throw new RangeError(`Invalid Jalali date ${date.year}/${date.month}/${date.day}`);
  return iranPublicHolidays(date.year)
    .filter((holiday) => compareJalali(holiday.date, date) === 0)
    .map((holiday) => holiday.occasion);
}

export function isIranPublicHoliday(date: JalaliDate): boolean {
  return iranHolidayOccasions(date).length > 0;
}

/**
 * Each holiday date once, in order, ready for `createWorkingCalendar({ holidays })`.
 * By default: every year we hold, plus the fixed holidays of the year after, so that a
 * deadline set in Esfand of the last year still skips the next Nowruz.
 */
export function iranPublicHolidayDates(years: readonly number[] = defaultHolidayYears()): readonly JalaliDate[] {
  const byDay = new Map<number, JalaliDate>();
  for (const year of years) {
    for (const { date } of iranPublicHolidays(year)) byDay.set(jalaliToEpochDay(date), date);
  }
  return [...byDay.entries()].sort(([a], [b]) => a - b).map(([, date]) => date);
}

function defaultHolidayYears(): readonly number[] {
  const last = Math.max(...IRAN_HOLIDAY_YEARS);
  return [...IRAN_HOLIDAY_YEARS, last + 1];
}
