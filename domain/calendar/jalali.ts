import {
  d2g,
  d2j,
  g2d,
  isLeapJalaaliYear,
  isValidJalaaliDate,
  j2d,
  jalaaliMonthLength,
  MAX_JALAALI_YEAR,
  toGregorian,
  toJalaali,
} from 'jalaali-js';

/** A day of the Jalali (Solar Hijri) calendar, the civil calendar of Iran; `month` runs 1–12. */
export interface JalaliDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** A day of the (proleptic) Gregorian calendar; `month` runs 1–12. */
export interface GregorianDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/*
 * The arithmetic is jalaali-js's: Iran's calendar is astronomical (the year starts on the day of
 * the March equinox as seen from Tehran), and Borkowski's 33-year cycles with their listed breaks
 * follow it for every year the county will meet. This module only adds what the system needs on
 * top: whole days counted from 1970-01-01 ("epoch day" 0), so that Tehran's instants map to days
 * by division, and strict checks (the library is lenient with fractions and months out of range).
 */

/** jalaali-js counts days as Julian Day Numbers; 1970-01-01 is day 2 440 588 of that count. */
const JULIAN_DAY_OF_EPOCH = 2_440_588;

/** The Jalali years this module converts: from year 1 to the end of jalaali-js's table. */
export const MIN_JALALI_YEAR = 1;
export const MAX_JALALI_YEAR = MAX_JALAALI_YEAR;

function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= MIN_JALALI_YEAR && year <= MAX_JALALI_YEAR;
}

function assertSupportedYear(year: number): void {
  if (!isSupportedYear(year)) {
    throw new RangeError(`Jalali year ${year} is outside ${MIN_JALALI_YEAR}–${MAX_JALALI_YEAR}`);
  }
}

function assertSafeEpochDay(epochDay: number): void {
  if (!Number.isSafeInteger(epochDay)) throw new RangeError(`Invalid epoch day ${epochDay}`);
}

/** A leap year has 366 days, the extra one being 30 Esfand. */
export function isJalaliLeapYear(year: number): boolean {
  assertSupportedYear(year);
  return isLeapJalaaliYear(year);
}

/** The first six months have 31 days, the next five 30, Esfand 29 (30 in a leap year). */
export function jalaliMonthLength(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`Invalid Jalali month ${month}`);
  assertSupportedYear(year);
  return jalaaliMonthLength(year, month);
}

export function isValidJalaliDate(date: JalaliDate): boolean {
  const { year, month, day } = date;
  if (!isSupportedYear(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  return isValidJalaaliDate(year, month, day);
}

function assertValidJalali(date: JalaliDate): void {
  if (!isValidJalaliDate(date)) throw new RangeError(`Invalid Jalali date ${date.year}/${date.month}/${date.day}`);
}

/** A real Gregorian day is one that survives the trip to a day number and back unchanged. */
export function isValidGregorianDate(date: GregorianDate): boolean {
  const { year, month, day } = date;
  if (!Number.isSafeInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const back = d2g(g2d(year, month, day));
  return back.gy === year && back.gm === month && back.gd === day;
}

function assertValidGregorian(date: GregorianDate): void {
  if (!isValidGregorianDate(date)) {
    throw new RangeError(`Invalid Gregorian date ${date.year}-${date.month}-${date.day}`);
  }
}

export function jalaliToEpochDay(date: JalaliDate): number {
  assertValidJalali(date);
  return j2d(date.year, date.month, date.day) - JULIAN_DAY_OF_EPOCH;
}

export function epochDayToJalali(epochDay: number): JalaliDate {
  assertSafeEpochDay(epochDay);
  // d2j throws a RangeError of its own past the end of the library's table.
  const { jy, jm, jd } = d2j(epochDay + JULIAN_DAY_OF_EPOCH);
  assertSupportedYear(jy);
  return { year: jy, month: jm, day: jd };
}

export function gregorianToEpochDay(date: GregorianDate): number {
  assertValidGregorian(date);
  return g2d(date.year, date.month, date.day) - JULIAN_DAY_OF_EPOCH;
}

export function epochDayToGregorian(epochDay: number): GregorianDate {
  assertSafeEpochDay(epochDay);
  const { gy, gm, gd } = d2g(epochDay + JULIAN_DAY_OF_EPOCH);
  const date = { year: gy, month: gm, day: gd };
  // Far outside any real date the library's 32-bit integer division wraps; refuse rather than guess.
  if (!isValidGregorianDate(date) || gregorianToEpochDay(date) !== epochDay) {
    throw new RangeError(`Invalid epoch day ${epochDay}`);
  }
  return date;
}

export function gregorianToJalali(date: GregorianDate): JalaliDate {
  assertValidGregorian(date);
  const { jy, jm, jd } = toJalaali(date.year, date.month, date.day);
  assertSupportedYear(jy);
  return { year: jy, month: jm, day: jd };
}

export function jalaliToGregorian(date: JalaliDate): GregorianDate {
  assertValidJalali(date);
  const { gy, gm, gd } = toGregorian(date.year, date.month, date.day);
  return { year: gy, month: gm, day: gd };
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
