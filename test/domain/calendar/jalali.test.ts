import fc from 'fast-check';
import {
  epochDayToGregorian,
  epochDayToJalali,
  formatJalali,
  gregorianToJalali,
  gregorianToEpochDay,
  isJalaliLeapYear,
  isValidGregorianDate,
  isValidJalaliDate,
  jalaliMonthLength,
  jalaliMonthName,
  jalaliToEpochDay,
  jalaliToGregorian,
  jalaliWeekday,
  MAX_JALALI_YEAR,
  MIN_JALALI_YEAR,
  parseJalali,
  type GregorianDate,
  type JalaliDate,
} from '../../../domain/calendar';

const jalali = (year: number, month: number, day: number): JalaliDate => ({ year, month, day });
const gregorian = (year: number, month: number, day: number): GregorianDate => ({ year, month, day });

const firstSupportedDay = jalaliToEpochDay(jalali(MIN_JALALI_YEAR, 1, 1));
const lastSupportedDay = jalaliToEpochDay(jalali(MAX_JALALI_YEAR, 12, 29));

describe('converting between the Gregorian and Jalali calendars', () => {
  it.each([
    ['2026-03-21', '1405/01/01', 'Nowruz 1405'],
    ['2025-03-21', '1404/01/01', 'Nowruz 1404'],
    ['2024-03-20', '1403/01/01', 'Nowruz 1403, which fell on 20 March'],
    ['2025-03-20', '1403/12/30', 'the leap day that ends 1403'],
    ['2026-03-20', '1404/12/29', 'the last day of 1404, a common year'],
    ['2029-03-20', '1408/01/01', 'Nowruz 1408'],
    ['2030-03-20', '1408/12/30', 'the leap day that ends 1408'],
    ['2030-03-21', '1409/01/01', 'Nowruz 1409'],
    ['2025-09-22', '1404/06/31', 'the last day of the 31-day months'],
    ['2025-09-23', '1404/07/01', 'the first of Mehr'],
    ['2026-11-26', '1405/09/05', 'an ordinary autumn day'],
    ['1979-02-11', '1357/11/22', 'the day of the revolution'],
    ['1970-01-01', '1348/10/11', 'the Unix epoch'],
    ['2000-01-01', '1378/10/11', 'the first day of 2000'],
  ])('Gregorian %s is Jalali %s (%s), both ways', (gregorianText, jalaliText) => {
    const [year, month, day] = gregorianText.split('-').map(Number);
    const g = gregorian(year ?? NaN, month ?? NaN, day ?? NaN);
    expect(formatJalali(gregorianToJalali(g))).toBe(jalaliText);
    expect(jalaliToGregorian(parseJalali(jalaliText))).toEqual(g);
  });

  it('Nowruz boundaries: the day before 1 Farvardin belongs to the previous year', () => {
    expect(gregorianToJalali(gregorian(2026, 3, 20))).toEqual(jalali(1404, 12, 29));
    expect(gregorianToJalali(gregorian(2026, 3, 21))).toEqual(jalali(1405, 1, 1));
    expect(gregorianToJalali(gregorian(2027, 3, 20))).toEqual(jalali(1405, 12, 29));
    expect(gregorianToJalali(gregorian(2027, 3, 21))).toEqual(jalali(1406, 1, 1));
  });

  it('a Jalali date converted to Gregorian and back is unchanged, for every supported day', () => {
    fc.assert(
      fc.property(fc.integer({ min: firstSupportedDay, max: lastSupportedDay }), (epochDay) => {
        const date = epochDayToJalali(epochDay);
        expect(jalaliToEpochDay(date)).toBe(epochDay);
        expect(gregorianToJalali(jalaliToGregorian(date))).toEqual(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('a Gregorian date converted to Jalali and back is unchanged', () => {
    const gregorianDates = fc
      .integer({ min: firstSupportedDay, max: lastSupportedDay })
      .map((epochDay) => epochDayToGregorian(epochDay));
    fc.assert(
      fc.property(gregorianDates, (date) => {
        expect(jalaliToGregorian(gregorianToJalali(date))).toEqual(date);
      }),
      { numRuns: 2000 },
    );
  });

  it('the day after any Jalali date is the next day of its month, or the first of the next month or year', () => {
    fc.assert(
      fc.property(fc.integer({ min: firstSupportedDay, max: lastSupportedDay - 1 }), (epochDay) => {
        const today = epochDayToJalali(epochDay);
        const tomorrow = epochDayToJalali(epochDay + 1);
        const monthEnds = today.day === jalaliMonthLength(today.year, today.month);
        if (!monthEnds) expect(tomorrow).toEqual(jalali(today.year, today.month, today.day + 1));
        else if (today.month < 12) expect(tomorrow).toEqual(jalali(today.year, today.month + 1, 1));
        else expect(tomorrow).toEqual(jalali(today.year + 1, 1, 1));
      }),
      { numRuns: 2000 },
    );
  });

  it("agrees with the platform's (ICU) Persian calendar on every day from 1300 to 1499", () => {
    // ICU uses a 33-year arithmetic rule; it matches the astronomical calendar in this range.
    const icu = new Intl.DateTimeFormat('en-u-ca-persian-nu-latn', {
      timeZone: 'UTC',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    const mismatches: string[] = [];
    const last = jalaliToEpochDay(jalali(1499, 12, isJalaliLeapYear(1499) ? 30 : 29));
    for (let epochDay = jalaliToEpochDay(jalali(1300, 1, 1)); epochDay <= last; epochDay += 1) {
      const parts = icu.formatToParts(new Date(epochDay * 86_400_000));
      const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
      const ours = epochDayToJalali(epochDay);
      if (ours.year !== part('year') || ours.month !== part('month') || ours.day !== part('day')) {
        mismatches.push(`${formatJalali(ours)} vs ICU ${part('year')}/${part('month')}/${part('day')}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('refuses a day that does not exist and a year outside the supported range', () => {
    expect(() => jalaliToGregorian(jalali(1404, 12, 30))).toThrow(RangeError);
    expect(() => jalaliToGregorian(jalali(1404, 7, 31))).toThrow(RangeError);
    expect(() => jalaliToGregorian(jalali(1404, 13, 1))).toThrow(RangeError);
    expect(() => jalaliToGregorian(jalali(MAX_JALALI_YEAR + 1, 1, 1))).toThrow(RangeError);
    expect(() => gregorianToJalali(gregorian(2025, 2, 29))).toThrow(RangeError);
  });
});

describe('Gregorian days', () => {
  it('29 February exists in 2024 and 2000 but not in 2025 or 1900, and no month has a 32nd day', () => {
    expect(isValidGregorianDate(gregorian(2024, 2, 29))).toBe(true);
    expect(isValidGregorianDate(gregorian(2000, 2, 29))).toBe(true);
    expect(isValidGregorianDate(gregorian(2025, 2, 29))).toBe(false);
    expect(isValidGregorianDate(gregorian(1900, 2, 29))).toBe(false);
    expect(isValidGregorianDate(gregorian(2026, 4, 31))).toBe(false);
    expect(isValidGregorianDate(gregorian(2026, 1, 0))).toBe(false);
    expect(isValidGregorianDate(gregorian(2026, 13, 1))).toBe(false);
    expect(isValidGregorianDate(gregorian(2026, 1.5, 1))).toBe(false);
  });

  it('days are counted from 1970-01-01, both ways, and a day far outside any calendar is refused', () => {
    expect(gregorianToEpochDay(gregorian(1970, 1, 1))).toBe(0);
    expect(gregorianToEpochDay(gregorian(2026, 3, 21))).toBe(20_533);
    expect(epochDayToGregorian(-1)).toEqual(gregorian(1969, 12, 31));
    expect(() => epochDayToGregorian(0.5)).toThrow(RangeError);
    expect(() => epochDayToGregorian(1e12)).toThrow(RangeError);
    expect(() => gregorianToEpochDay(gregorian(2025, 2, 29))).toThrow(RangeError);
  });
});

describe('Jalali leap years', () => {
  it('1403 and 1408 are leap years, so Esfand has a 30th day; 1404 to 1407 are not', () => {
    expect([1399, 1403, 1408, 1412].map(isJalaliLeapYear)).toEqual([true, true, true, true]);
    expect([1404, 1405, 1406, 1407].map(isJalaliLeapYear)).toEqual([false, false, false, false]);
    expect(isValidJalaliDate(jalali(1403, 12, 30))).toBe(true);
    expect(isValidJalaliDate(jalali(1408, 12, 30))).toBe(true);
    expect(isValidJalaliDate(jalali(1404, 12, 30))).toBe(false);
  });

  it('months have 31 days in the first half of the year, then 30, and Esfand 29 or 30', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => jalaliMonthLength(1405, month))).toEqual([
      31, 31, 31, 31, 31, 31, 30, 30, 30, 30, 30, 29,
    ]);
    expect(jalaliMonthLength(1403, 12)).toBe(30);
  });

  it('leap years come every four or five years, never closer and never further apart', () => {
    const leapYears: number[] = [];
    for (let year = 1200; year <= 1600; year += 1) if (isJalaliLeapYear(year)) leapYears.push(year);
    const gaps = leapYears.slice(1).map((year, index) => year - (leapYears[index] ?? year));
    expect(new Set(gaps)).toEqual(new Set([4, 5]));
  });
});

describe('formatting and reading Jalali dates', () => {
  it('formats a date as year/month/day with zero-padded month and day', () => {
    expect(formatJalali(jalali(1405, 9, 5))).toBe('1405/09/05');
    expect(formatJalali(jalali(1405, 12, 29))).toBe('1405/12/29');
  });

  it('formats a date with Persian digits when asked', () => {
    expect(formatJalali(jalali(1405, 9, 5), { digits: 'persian' })).toBe('۱۴۰۵/۰۹/۰۵');
  });

  it('reads back what it formats, in either kind of digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: firstSupportedDay, max: lastSupportedDay }), fc.boolean(), (epochDay, persian) => {
        const date = epochDayToJalali(epochDay);
        expect(parseJalali(formatJalali(date, { digits: persian ? 'persian' : 'latin' }))).toEqual(date);
      }),
    );
    expect(parseJalali('1405/9/5')).toEqual(jalali(1405, 9, 5));
    expect(parseJalali('١٤٠٥-٠٩-٠٥')).toEqual(jalali(1405, 9, 5));
  });

  it('refuses text that is not a real Jalali date', () => {
    expect(() => parseJalali('1404/12/30')).toThrow(RangeError);
    expect(() => parseJalali('5 Azar 1405')).toThrow(RangeError);
  });

  it('names the months in Persian, and in transliteration for English pages', () => {
    expect(jalaliMonthName(1)).toBe('فروردین');
    expect(jalaliMonthName(9)).toBe('آذر');
    expect(jalaliMonthName(12, 'en')).toBe('Esfand');
    expect(() => jalaliMonthName(13)).toThrow(RangeError);
  });

  it('knows the weekday: 22 Bahman 1357 was a Sunday and Nowruz 1405 is a Saturday', () => {
    expect(jalaliWeekday(jalali(1357, 11, 22))).toBe('sunday');
    expect(jalaliWeekday(jalali(1405, 1, 1))).toBe('saturday');
  });
});
