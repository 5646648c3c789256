import { epochDayToGregorian, iranEpochDay, jalaliDateInIran, jalaliMonthName, toPersianDigits } from '../../domain/calendar';
import type { PageWords } from './words';

/**
 * Numbers and dates as a person reads them: Persian digits and the Persian thousands separator
 * in fa, Latin digits in en. Rials are strings of digits and are grouped as bigint, never
 * through Number (county totals pass 2^53).
 */
export interface Formats {
  /** A count or a string of digits (rials), grouped. */
  whole(value: number | string): string;
  /** A fraction (working days, a ratio) to at most `places` decimals. */
  decimal(value: number | string, places?: number): string;
  /** A share to four places ("0.1234") as a percentage. */
  percent(share: string | number): string;
  /** Digits in text (a year, a date) without grouping. */
  digits(text: string | number): string;
  /** The Tehran day of an instant: Jalali, with its Gregorian date. */
  day(instant: Date): { jalali: string; gregorian: string };
}

export function formatsFor(words: PageWords): Formats {
  const fa = words.language === 'fa';
  const locale = fa ? 'fa-IR' : 'en-US';
  const grouped = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
  const digits = (text: string | number) => (fa ? toPersianDigits(String(text)) : String(text));
  return {
    whole: (value) => (typeof value === 'string' && /^-?\d+$/.test(value) ? grouped.format(BigInt(value)) : grouped.format(Number(value))),
    decimal: (value, places = 2) => new Intl.NumberFormat(locale, { maximumFractionDigits: places }).format(Number(value)),
    percent: (share) => percent.format(Number(share)),
    digits,
    day(instant) {
      const jalali = jalaliDateInIran(instant);
      const month = jalaliMonthName(jalali.month, words.language);
      const gregorian = epochDayToGregorian(iranEpochDay(instant));
      const iso = `${gregorian.year}-${String(gregorian.month).padStart(2, '0')}-${String(gregorian.day).padStart(2, '0')}`;
      return {
        jalali: fa ? digits(`${jalali.day} ${month} ${jalali.year}`) : `${month} ${jalali.day}, ${jalali.year}`,
        gregorian: digits(iso),
      };
    },
  };
}

export interface PeriodShown {
  from: string;
  to: string;
  label: string | null;
}

/** «سه‌ماهه دوم ۱۴۰۵» / "1405 Q2" from the answer's label; the dates themselves for explicit dates. */
export function periodTitle(period: PeriodShown, words: PageWords, formats: Formats): string {
  const label = period.label ?? '';
  const quarter = /^(\d{4})-Q([1-4])$/.exec(label);
  if (quarter) return words.period.quarter(formats.digits(quarter[1]!), Number(quarter[2]));
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month) return words.period.month(formats.digits(month[1]!), jalaliMonthName(Number(month[2]), words.language));
  if (/^\d{4}$/.test(label)) return words.period.year(formats.digits(label));
  const { first, last } = periodDays(period, formats);
  return words.period.range(first.jalali, last.jalali);
}

/** First and last day (the answer's `to` is exclusive), Jalali and Gregorian. */
export function periodDays(period: PeriodShown, formats: Formats) {
  return { first: formats.day(new Date(period.from)), last: formats.day(new Date(new Date(period.to).getTime() - 1)) };
}
