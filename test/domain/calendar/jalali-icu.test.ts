import fc from 'fast-check';
import {
  formatJalali,
  gregorianToJalali,
  isJalaliLeapYear,
  jalaliDateInIran,
  jalaliToGregorian,
  parseJalali,
  startOfJalaliDayInIran,
  type GregorianDate,
  type JalaliDate,
} from '../../../domain/calendar';

// Our Jalali dates come from jalaali-js (Borkowski's arithmetic); ICU's Persian calendar, which
// Node carries, was written separately. Where both say the same day, neither has slipped.
const tehranParts = (locale: string, extra: Intl.DateTimeFormatOptions = {}) =>
  new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Tehran',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    ...extra,
  });
const persianInTehran = tehranParts('en-US-u-ca-persian');
const gregorianInTehran = tehranParts('en-US-u-ca-gregory', { timeZoneName: 'longOffset' });

function numbersOf(parts: Intl.DateTimeFormatPart[]): { year: number; month: number; day: number } {
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

const icuJalaliInTehran = (instant: Date): JalaliDate => numbersOf(persianInTehran.formatToParts(instant));

function icuGregorianInTehran(instant: Date): { date: GregorianDate; offset: string } {
  const parts = gregorianInTehran.formatToParts(instant);
  return { date: numbersOf(parts), offset: parts.find((p) => p.type === 'timeZoneName')?.value ?? '' };
}

const firstInstant = startOfJalaliDayInIran({ year: 1300, month: 1, day: 1 }).getTime();
const lastInstant = startOfJalaliDayInIran({ year: 1501, month: 1, day: 1 }).getTime() - 1;
const instants = fc.integer({ min: firstInstant, max: lastInstant }).map((ms) => new Date(ms));

describe("our Jalali dates agree with ICU's Persian calendar", () => {
  it('this Node carries ICU with the Persian calendar and the Asia/Tehran zone', () => {
    expect(process.versions.icu).toBeDefined();
    expect(persianInTehran.resolvedOptions()).toMatchObject({ calendar: 'persian', timeZone: 'Asia/Tehran' });
  });

  it('for any instant from 1300 to 1500, the Tehran day ICU names converts to the Jalali date ICU names', () => {
    // ICU knows Tehran's past offsets (daylight saving until 1401, +04:00 in 1357); comparing
    // both of ICU's readings of one instant checks the conversion whatever the offset was.
    fc.assert(
      fc.property(instants, (instant) => {
        const icu = icuJalaliInTehran(instant);
        const { date } = icuGregorianInTehran(instant);
        expect(gregorianToJalali(date)).toEqual(icu);
        expect(jalaliToGregorian(icu)).toEqual(date);
      }),
      { numRuns: 5000 },
    );
  });

  it('for any instant on Iran Standard Time (+03:30), our Tehran day is the one ICU names', () => {
    let compared = 0;
    fc.assert(
      fc.property(instants, (instant) => {
        // Our clock is the fixed +03:30 Iran has kept since it stopped daylight saving in 1401.
        if (icuGregorianInTehran(instant).offset !== 'GMT+03:30') return;
        compared += 1;
        expect(jalaliDateInIran(instant)).toEqual(icuJalaliInTehran(instant));
      }),
      { numRuns: 5000 },
    );
    // Most of 1300–1500 is on +03:30 (all of it after 1401); make sure the check ran.
    expect(compared).toBeGreaterThan(2500);
  });

  it.each([
    ['1403/01/01', '2024-03-20', 'Nowruz 1403'],
    ['1404/01/01', '2025-03-21', 'Nowruz 1404'],
    ['1405/01/01', '2026-03-21', 'Nowruz 1405'],
    ['1399/12/30', '2021-03-20', '30 Esfand 1399, a leap day'],
    ['1403/12/30', '2025-03-20', '30 Esfand 1403, a leap day'],
    ['1408/12/30', '2030-03-20', '30 Esfand 1408, a leap day'],
  ])('%s is %s (%s) for us and for ICU', (jalaliText, gregorianText, _what) => {
    const jalali = parseJalali(jalaliText);
    const [year = NaN, month = NaN, day = NaN] = gregorianText.split('-').map(Number);
    expect(jalaliToGregorian(jalali)).toEqual({ year, month, day });
    // Noon in Tehran is well inside the day whatever the offset.
    const noonInTehran = new Date(startOfJalaliDayInIran(jalali).getTime() + 12 * 3_600_000);
    expect(formatJalali(icuJalaliInTehran(noonInTehran))).toBe(jalaliText);
    expect(icuGregorianInTehran(noonInTehran).date).toEqual({ year, month, day });
  });

  it('Esfand has a 30th day exactly in the years ICU also gives one, from 1300 to 1500', () => {
    const disagreements: number[] = [];
    for (let year = 1300; year <= 1500; year += 1) {
      const dayAfter29Esfand = new Date(startOfJalaliDayInIran({ year, month: 12, day: 29 }).getTime() + 36 * 3_600_000);
      const icuHas30Esfand = icuJalaliInTehran(dayAfter29Esfand).month === 12;
      if (icuHas30Esfand !== isJalaliLeapYear(year)) disagreements.push(year);
    }
    expect(disagreements).toEqual([]);
  });
});
