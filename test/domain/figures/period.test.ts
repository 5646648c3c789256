import { PeriodError, type PeriodQuery, resolvePeriod } from '../../../domain/figures/period';
import { inTehran, tehran } from '../calendar/tehran';

const now = tehran('1405/09/06 12:00');
const includes = (query: PeriodQuery, at: string): boolean => {
  const { from, to } = resolvePeriod(query, now);
  const instant = tehran(at);
  return instant >= from && instant < to;
};
const errorOf = (query: PeriodQuery): { field: string; message: string } => {
  try {
    resolvePeriod(query, now);
  } catch (error) {
    if (error instanceof PeriodError) return { field: error.field, message: error.message };
    throw error;
  }
  throw new Error('the period was accepted');
};

describe('a Jalali year', () => {
  test('begins at 00:00 on 1 Farvardin in Tehran and ends just before the next Nowruz', () => {
    const period = resolvePeriod({ year: 1405 }, now);
    expect([inTehran(period.from), inTehran(period.to), period.label]).toEqual(['1405/01/01 00:00', '1406/01/01 00:00', '1405']);
    expect(includes({ year: 1405 }, '1405/01/01 00:00')).toBe(true);
    expect(includes({ year: 1405 }, '1404/12/29 23:59')).toBe(false);
    expect(includes({ year: 1405 }, '1405/12/29 23:59')).toBe(true);
    expect(includes({ year: 1405 }, '1406/01/01 00:00')).toBe(false);
  });

  test('is 20:30 UTC the evening before, Iran being UTC+03:30 all year since 1402', () => {
    expect(resolvePeriod({ year: 1405 }, now).from.toISOString()).toBe('2026-03-20T20:30:00.000Z');
    // Mid-summer, when Iran used to keep daylight saving time, the boundary is still 20:30 UTC.
    expect(resolvePeriod({ year: 1405, month: 4 }, now).from.toISOString()).toBe('2026-06-21T20:30:00.000Z');
  });

  test('is the current Jalali year in Tehran when no period is given', () => {
    expect(resolvePeriod({}, now).label).toBe('1405');
    // 23:45 on 29 Esfand 1404 in Tehran is already 20 March in UTC but still 1404 in Tehran.
    expect(resolvePeriod({}, tehran('1404/12/29 23:45')).label).toBe('1404');
    expect(resolvePeriod({}, tehran('1405/01/01 00:00')).label).toBe('1405');
  });
});

describe('a Jalali month', () => {
  test('includes its first minute and its last, and neither neighbour', () => {
    const query = { year: 1405, month: 7 };
    expect(resolvePeriod(query, now).label).toBe('1405-07');
    expect(includes(query, '1405/07/01 00:00')).toBe(true);
    expect(includes(query, '1405/07/30 23:59')).toBe(true);
    expect(includes(query, '1405/06/31 23:59')).toBe(false);
    expect(includes(query, '1405/08/01 00:00')).toBe(false);
  });

  test('Esfand of a leap year ends after its 30th day, of a common year after its 29th', () => {
    expect(includes({ year: 1403, month: 12 }, '1403/12/30 23:59')).toBe(true);
    expect(inTehran(resolvePeriod({ year: 1403, month: 12 }, now).to)).toBe('1404/01/01 00:00');
    expect(includes({ year: 1404, month: 12 }, '1404/12/29 23:59')).toBe(true);
    expect(inTehran(resolvePeriod({ year: 1404, month: 12 }, now).to)).toBe('1405/01/01 00:00');
  });
});

describe('a Jalali quarter', () => {
  test('is three months: the second quarter runs from 1 Tir to the end of Shahrivar', () => {
    const period = resolvePeriod({ year: 1405, quarter: 2 }, now);
    expect([inTehran(period.from), inTehran(period.to), period.label]).toEqual(['1405/04/01 00:00', '1405/07/01 00:00', '1405-Q2']);
    expect(includes({ year: 1405, quarter: 2 }, '1405/06/31 23:59')).toBe(true);
    expect(includes({ year: 1405, quarter: 2 }, '1405/03/31 23:59')).toBe(false);
  });

  test('the fourth ends at the next Nowruz, after 30 Esfand in a leap year', () => {
    const period = resolvePeriod({ year: 1403, quarter: 4 }, now);
    expect([inTehran(period.from), inTehran(period.to)]).toEqual(['1403/10/01 00:00', '1404/01/01 00:00']);
  });
});

describe('explicit dates', () => {
  test('from and to are Gregorian days starting at midnight in Tehran, to exclusive, with no label', () => {
    const period = resolvePeriod({ from: '2026-03-21', to: '2026-04-01' }, now);
    expect(period).toEqual({ from: new Date('2026-03-20T20:30:00Z'), to: new Date('2026-03-31T20:30:00Z'), label: null });
  });
});

describe('a period the query cannot name is refused, naming the parameter', () => {
  test.each<[PeriodQuery, string]>([
    [{ quarter: 2 }, 'year'],
    [{ month: 3 }, 'year'],
    [{ year: 1405, quarter: 2, month: 3 }, 'month'],
    [{ year: 1405, quarter: 5 }, 'quarter'],
    [{ year: 1405, quarter: 0 }, 'quarter'],
    [{ year: 1405, month: 13 }, 'month'],
    [{ year: 1405, month: 2.5 }, 'month'],
    [{ year: 99999 }, 'year'],
    [{ year: 1405, from: '2026-01-01', to: '2026-02-01' }, 'year'],
    [{ from: '2026-01-01' }, 'to'],
    [{ to: '2026-01-01' }, 'from'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
    [{ from: '2026-01-01', to: '1 March' }, 'to'],
    [{ from: '2026-03-01', to: '2026-03-01' }, 'to'],
    [{ from: '0001-01-01', to: '2026-03-01' }, 'from'],
  ])('%j is refused on %s', (query, field) => {
    expect(errorOf(query).field).toBe(field);
  });
});
