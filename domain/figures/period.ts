import { gregorianToEpochDay, isValidGregorianDate } from '../calendar/jalali';
import { jalaliDateInIran, startOfIranDay, startOfJalaliDayInIran } from '../calendar/iran-time';

/**
 * The period a figure covers: a half-open range of instants [from, to) whose ends are midnight
 * in Tehran, so a step at 23:59 on the last day of a Jalali month falls in that month and one at
 * 00:00 on the next day does not. Pure: the caller passes `now` for the default period.
 */
export interface Period {
  from: Date;
  to: Date;
  /** `1405`, `1405-Q2` or `1405-03` for a Jalali period; null for explicit dates. */
  label: string | null;
}

export interface PeriodQuery {
  from?: string | undefined;
  to?: string | undefined;
  year?: number | undefined;
  quarter?: number | undefined;
  month?: number | undefined;
}

/** A period the query cannot name, with the query parameter at fault. */
export class PeriodError extends Error {
  constructor(
    readonly field: keyof PeriodQuery,
    message: string,
  ) {
    super(message);
    this.name = 'PeriodError';
  }
}

// Years the county's records can hold: wide enough for any report, narrow enough that every
// boundary is an instant PostgreSQL stores.
export const MIN_PERIOD_YEAR = 1300;
export const MAX_PERIOD_YEAR = 1500;
const MIN_GREGORIAN_YEAR = 1921;
const MAX_GREGORIAN_YEAR = 2121;

/** Resolves `?from&to` or `?year[&quarter|&month]`; no parameter at all means the current Jalali year. */
export function resolvePeriod(query: PeriodQuery, now: Date): Period {
  const { from, to, year, quarter, month } = query;
  const jalali = year !== undefined || quarter !== undefined || month !== undefined;
  if (from !== undefined || to !== undefined) {
    if (jalali) throw new PeriodError(year !== undefined ? 'year' : quarter !== undefined ? 'quarter' : 'month', 'cannot be combined with from/to');
    if (from === undefined) throw new PeriodError('from', 'is required with to');
    if (to === undefined) throw new PeriodError('to', 'is required with from');
    const period = { from: startOfGregorianDayInIran(from, 'from'), to: startOfGregorianDayInIran(to, 'to'), label: null };
    if (period.to <= period.from) throw new PeriodError('to', 'must be after from (to is exclusive)');
    return period;
  }
  if (year === undefined) {
    if (quarter !== undefined) throw new PeriodError('year', 'is required with quarter');
    if (month !== undefined) throw new PeriodError('year', 'is required with month');
    return jalaliPeriod(jalaliDateInIran(now).year, 1, 12, null);
  }
  checkWhole(year, MIN_PERIOD_YEAR, MAX_PERIOD_YEAR, 'year');
  if (quarter !== undefined && month !== undefined) throw new PeriodError('month', 'cannot be combined with quarter');
  if (quarter !== undefined) {
    checkWhole(quarter, 1, 4, 'quarter');
    return jalaliPeriod(year, quarter * 3 - 2, quarter * 3, `Q${quarter}`);
  }
  if (month !== undefined) {
    checkWhole(month, 1, 12, 'month');
    return jalaliPeriod(year, month, month, String(month).padStart(2, '0'));
  }
  return jalaliPeriod(year, 1, 12, null);
}

/** From the first day of `firstMonth` to the first day of the month after `lastMonth`. */
function jalaliPeriod(year: number, firstMonth: number, lastMonth: number, part: string | null): Period {
  const next = lastMonth === 12 ? { year: year + 1, month: 1 } : { year, month: lastMonth + 1 };
  return {
    from: startOfJalaliDayInIran({ year, month: firstMonth, day: 1 }),
    to: startOfJalaliDayInIran({ ...next, day: 1 }),
    label: part ? `${year}-${part}` : String(year),
  };
}

function startOfGregorianDayInIran(text: string, field: 'from' | 'to'): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) } : undefined;
  if (!date || !isValidGregorianDate(date)) throw new PeriodError(field, 'must be a date YYYY-MM-DD');
  if (date.year < MIN_GREGORIAN_YEAR || date.year > MAX_GREGORIAN_YEAR) {
    throw new PeriodError(field, `must be in the years ${MIN_GREGORIAN_YEAR} to ${MAX_GREGORIAN_YEAR}`);
  }
  return startOfIranDay(gregorianToEpochDay(date));
}

function checkWhole(value: number, min: number, max: number, field: keyof PeriodQuery): void {
  if (!Number.isInteger(value) || value < min || value > max) throw new PeriodError(field, `must be a whole number from ${min} to ${max}`);
}
