/**
 * The Iranian calendar for deadlines and pages: Jalali dates, Tehran days, public holidays
 * and working days. Every Jalali date comes from jalaali-js, through `./jalali`. Pure and
 * deterministic (no clock, no Intl, no I/O; jalaali-js is plain arithmetic too), so workflow
 * code can import it.
 */
export {
  compareJalali,
  epochDayToGregorian,
  epochDayToJalali,
  formatJalali,
  gregorianToEpochDay,
  gregorianToJalali,
  isJalaliLeapYear,
  isValidGregorianDate,
  isValidJalaliDate,
  jalaliMonthLength,
  jalaliMonthName,
  jalaliToEpochDay,
  jalaliToGregorian,
  JALALI_MONTH_NAMES_EN,
  JALALI_MONTH_NAMES_FA,
  MAX_JALALI_YEAR,
  MIN_JALALI_YEAR,
  parseJalali,
  toLatinDigits,
  toPersianDigits,
  type FormatJalaliOptions,
  type GregorianDate,
  type JalaliDate,
} from './jalali';
export {
  IRAN_UTC_OFFSET_MS,
  iranEpochDay,
  iranTimeOfDayMs,
  jalaliDateInIran,
  MS_PER_DAY,
  startOfIranDay,
  startOfJalaliDayInIran,
} from './iran-time';
export { jalaliWeekday, weekdayOfEpochDay, WEEKDAYS, type Weekday } from './weekdays';
export {
  FIXED_SOLAR_HOLIDAYS,
  LUNAR_HOLIDAYS,
  type HolidayEntry,
  type HolidayOccasion,
  type LunarHolidayYear,
} from './holidays-data';
export {
  holidayDataStatus,
  iranHolidayOccasions,
  iranPublicHolidayDates,
  iranPublicHolidays,
  IRAN_HOLIDAY_YEARS,
  isIranPublicHoliday,
  type PublicHoliday,
} from './holidays';
export {
  createWorkingCalendar,
  DEFAULT_WEEKEND,
  type WorkingCalendar,
  type WorkingCalendarConfig,
  type WorkingTimeOptions,
} from './working-days';
