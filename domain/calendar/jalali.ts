import { epochDayToGregorian, gregorianToEpochDay, type GregorianDate } from './gregorian';

/** A day of the Jalali (Solar Hijri) calendar, the civil calendar of Iran; `month` runs 1–12. */
export interface JalaliDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * Iran's calendar is astronomical (the year starts on the day of the March equinox, as seen
 * from Tehran), so its leap years follow no short rule. The arithmetic below is the
 * well-known one by Kazimierz Borkowski, also behind jalaali-js: 33-year cycles of eight leap
 * years, with the cycle "broken" at the years listed here. It agrees with the official
 * calendar for every year the county will meet, and it is defined only inside this table.
 */
const CYCLE_BREAKS: readonly number[] = [
  -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324, 2394, 2456, 3178,
];

/** The years this module converts. The upper bound leaves room to look one year ahead. */
export const MIN_JALALI_YEAR = 1;
export const MAX_JALALI_YEAR = 3176;

/** Epoch day (days since 1970-01-01) of 1 Farvardin, Nowruz, of `year`. */
function nowruzEpochDay(year: number): number {
  // Jalali leap days before `year`, counted (with an offset) from the start of the table.
  let jalaliLeapDays = -14;
  let segmentStart = CYCLE_BREAKS[0] ?? 0;
  let segmentLength = 0;
  for (const segmentEnd of CYCLE_BREAKS.slice(1)) {
    segmentLength = segmentEnd - segmentStart;
    if (year < segmentEnd) break;
    jalaliLeapDays += Math.floor(segmentLength / 33) * 8 + Math.floor((segmentLength % 33) / 4);
    segmentStart = segmentEnd;
  }
  const yearsIntoSegment = year - segmentStart;
  jalaliLeapDays += Math.floor(yearsIntoSegment / 33) * 8 + Math.floor(((yearsIntoSegment % 33) + 3) / 4);
  // A segment whose length leaves four years over a whole cycle carries one more leap day.
  if (segmentLength % 33 === 4 && segmentLength - yearsIntoSegment === 4) jalaliLeapDays += 1;

  // Nowruz falls in March of the Gregorian year 621 years later; the two leap-day counts
  // together say on which day of March.
  const gregorianYear = year + 621;
  const gregorianLeapDays =
    Math.floor(gregorianYear / 4) - Math.floor(((Math.floor(gregorianYear / 100) + 1) * 3) / 4) - 150;
  const dayOfMarch = 20 + jalaliLeapDays - gregorianLeapDays;
  return gregorianToEpochDay({ year: gregorianYear, month: 3, day: dayOfMarch });
}

function assertSupportedYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_JALALI_YEAR || year > MAX_JALALI_YEAR) {
    throw new RangeError(`Jalali year ${year} is outside ${MIN_JALALI_YEAR}–${MAX_JALALI_YEAR}`);
  }
}

/** A leap year has 366 days, the extra one being 30 Esfand. */
export function isJalaliLeapYear(year: number): boolean {
  assertSupportedYear(year);
  return nowruzEpochDay(year + 1) - nowruzEpochDay(year) === 366;
}

/** The first six months have 31 days, the next five 30, Esfand 29 (30 in a leap year). */
export function jalaliMonthLength(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Invalid Jalali month ${month}`);
  if (month <= 6) return 31;
  if (month <= 11) return 30;
  return isJalaliLeapYear(year) ? 30 : 29;
}

export function isValidJalaliDate(date: JalaliDate): boolean {
  const { year, month, day } = date;
  if (!Number.isInteger(year) || year < MIN_JALALI_YEAR || year > MAX_JALALI_YEAR) return false;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day)) return false;
  return day >= 1 && day <= jalaliMonthLength(year, month);
}

export function jalaliToEpochDay(date: JalaliDate): number {
  if (!isValidJalaliDate(date)) {
    throw new RangeError(`Invalid Jalali date ${date.year}/${date.month}/${date.day}`);
  }
  const daysBeforeMonth = date.month <= 7 ? (date.month - 1) * 31 : 186 + (date.month - 7) * 30;
  return nowruzEpochDay(date.year) + daysBeforeMonth + date.day - 1;
}

export function epochDayToJalali(epochDay: number): JalaliDate {
  // The Jalali year starts in March, so it is the Gregorian year minus 621 or minus 622.
  let year = epochDayToGregorian(epochDay).year - 621;
  let nowruz = nowruzEpochDay(year);
  if (epochDay < nowruz) {
    year -= 1;
    nowruz = nowruzEpochDay(year);
  }
  assertSupportedYear(year);
  const dayOfYear = epochDay - nowruz;
  if (dayOfYear < 186) return { year, month: Math.floor(dayOfYear / 31) + 1, day: (dayOfYear % 31) + 1 };
  const afterShahrivar = dayOfYear - 186;
  return { year, month: Math.floor(afterShahrivar / 30) + 7, day: (afterShahrivar % 30) + 1 };
}

export function gregorianToJalali(date: GregorianDate): JalaliDate {
  return epochDayToJalali(gregorianToEpochDay(date));
}

export function jalaliToGregorian(date: JalaliDate): GregorianDate {
  return epochDayToGregorian(jalaliToEpochDay(date));
}

/** Negative when `a` comes first, zero on the same day, positive when `a` comes after. */
export function compareJalali(a: JalaliDate, b: JalaliDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Month names as Iranians write them, Farvardin first. */
export const JALALI_MONTH_NAMES_FA: readonly string[] = [
  'فروردین', 'اردیبهشت', 'خرداد', 'تیر', 'مرداد', 'شهریور', 'مهر', 'آبان', 'آذر', 'دی', 'بهمن', 'اسفند',
];

/** The same names in the usual Latin transliteration, for the English pages. */
export const JALALI_MONTH_NAMES_EN: readonly string[] = [
  'Farvardin', 'Ordibehesht', 'Khordad', 'Tir', 'Mordad', 'Shahrivar', 'Mehr', 'Aban', 'Azar', 'Dey', 'Bahman', 'Esfand',
];

export function jalaliMonthName(month: number, language: 'fa' | 'en' = 'fa'): string {
  const name = (language === 'fa' ? JALALI_MONTH_NAMES_FA : JALALI_MONTH_NAMES_EN)[month - 1];
  if (name === undefined) throw new RangeError(`Invalid Jalali month ${month}`);
  return name;
}

const PERSIAN_ZERO = 0x06f0; // '۰'; the ten Persian digits are consecutive code points.
const ARABIC_INDIC_ZERO = 0x0660; // '٠'; pasted text often carries these instead.

/** Replaces the Latin digits 0–9 by the Persian digits ۰–۹; everything else is kept. */
export function toPersianDigits(text: string): string {
  return text.replace(/[0-9]/g, (digit) => String.fromCharCode(PERSIAN_ZERO + Number(digit)));
}

/** Replaces Persian and Arabic-Indic digits by Latin ones. */
export function toLatinDigits(text: string): string {
  return text.replace(/[\u06f0-\u06f9\u0660-\u0669]/g, (digit) => {
    const code = digit.charCodeAt(0);
    return String(code - (code >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_INDIC_ZERO));
  });
}

export interface FormatJalaliOptions {
  /** 'latin' (default) gives `1405/09/05`, 'persian' gives `۱۴۰۵/۰۹/۰۵`. */
  readonly digits?: 'latin' | 'persian';
}

/**
 * `1405/09/05`: year, zero-padded month and day, the order Iranians write and read.
 * For an instant, convert it first with `jalaliDateInIran` so the day is Tehran's.
 */
export function formatJalali(date: JalaliDate, options: FormatJalaliOptions = {}): string {
  if (!isValidJalaliDate(date)) throw new RangeError(`Invalid Jalali date ${date.year}/${date.month}/${date.day}`);
  const pad = (value: number): string => String(value).padStart(2, '0');
  const text = `${String(date.year).padStart(4, '0')}/${pad(date.month)}/${pad(date.day)}`;
  return options.digits === 'persian' ? toPersianDigits(text) : text;
}

/** Reads `1405/09/05`, `1405/9/5` or `۱۴۰۵/۰۹/۰۵` (`-` also separates); throws on an invalid day. */
export function parseJalali(text: string): JalaliDate {
  const match = /^\s*(\d{1,4})[/-](\d{1,2})[/-](\d{1,2})\s*$/.exec(toLatinDigits(text));
  if (match === null) throw new RangeError(`Not a Jalali date: "${text}"`);
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (!isValidJalaliDate(date)) throw new RangeError(`Invalid Jalali date "${text}"`);
  return date;
}
