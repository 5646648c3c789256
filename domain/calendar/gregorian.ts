/** A day of the (proleptic) Gregorian calendar; `month` runs 1–12. */
export interface GregorianDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Whole days are counted from 1970-01-01 ("epoch day" 0), so that a calendar day is a plain
 * integer every other calendar in this module can convert to and from. The two conversions
 * are Howard Hinnant's integer civil-date algorithms: no `Date`, so years 0–99 are not
 * silently moved to the 1900s and nothing depends on the host's time zone.
 */
export function gregorianToEpochDay(date: GregorianDate): number {
  if (!isValidGregorianDate(date)) {
    throw new RangeError(`Invalid Gregorian date ${date.year}-${date.month}-${date.day}`);
  }
  // Count years from March, so that the leap day is the last day of the counted year.
  const year = date.month <= 2 ? date.year - 1 : date.year;
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const monthFromMarch = (date.month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + date.day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

export function epochDayToGregorian(epochDay: number): GregorianDate {
  if (!Number.isSafeInteger(epochDay)) throw new RangeError(`Invalid epoch day ${epochDay}`);
  const shifted = epochDay + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

export function isGregorianLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function gregorianMonthLength(year: number, month: number): number {
  if (month === 2) return isGregorianLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function isValidGregorianDate(date: GregorianDate): boolean {
  const { year, month, day } = date;
  return (
    Number.isSafeInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= gregorianMonthLength(year, month)
  );
}
