import {
  FIXED_SOLAR_HOLIDAYS,
  formatJalali,
  holidayDataStatus,
  iranHolidayOccasions,
  iranPublicHolidayDates,
  iranPublicHolidays,
  IRAN_HOLIDAY_YEARS,
  isIranPublicHoliday,
  isValidJalaliDate,
  LUNAR_HOLIDAYS,
  parseJalali,
  type HolidayOccasion,
} from '../../../domain/calendar';

const lunarOccasions: HolidayOccasion[] = [
  'tasua', 'ashura', 'arbaeen', 'prophet-death-and-imam-hasan-martyrdom', 'imam-reza-martyrdom',
  'imam-hasan-askari-martyrdom', 'prophet-birthday', 'fatemeh-martyrdom', 'imam-ali-birthday', 'mabath',
  'imam-mahdi-birthday', 'imam-ali-martyrdom', 'eid-al-fitr', 'eid-al-fitr-second-day', 'imam-sadegh-martyrdom',
  'eid-al-adha', 'eid-al-ghadir',
];

const datesOf = (year: number, occasion: HolidayOccasion): string[] =>
  iranPublicHolidays(year)
    .filter((holiday) => holiday.occasion === occasion)
    .map((holiday) => formatJalali(holiday.date));

describe("Iran's public holidays", () => {
  it('are held for 1404 and 1405 as officially published, and estimated for 1406', () => {
    expect(IRAN_HOLIDAY_YEARS).toEqual([1404, 1405, 1406]);
    expect([1404, 1405, 1406, 1407].map(holidayDataStatus)).toEqual(['official', 'official', 'estimated', 'missing']);
  });

  it('every listed holiday is a real day, in date order', () => {
    for (const { year, holidays } of LUNAR_HOLIDAYS) {
      const dates = holidays.map(({ month, day }) => ({ year, month, day }));
      expect(dates.every(isValidJalaliDate)).toBe(true);
      const sorted = [...dates].sort((a, b) => a.month - b.month || a.day - b.day);
      expect(dates).toEqual(sorted);
    }
  });

  it.each([1404, 1405, 1406])('every lunar holiday falls at least once in %i', (year) => {
    for (const occasion of lunarOccasions) expect(datesOf(year, occasion).length).toBeGreaterThan(0);
  });

  it.each([1404, 1405, 1406, 1407])('the fixed solar holidays are there in %i, Nowruz first', (year) => {
    expect(datesOf(year, 'nowruz')).toEqual([1, 2, 3, 4].map((day) => `${year}/01/0${day}`));
    expect(datesOf(year, 'revolution-day')).toEqual([`${year}/11/22`]);
    expect(datesOf(year, 'oil-nationalization-day')).toEqual([`${year}/12/29`]);
    expect(FIXED_SOLAR_HOLIDAYS).toHaveLength(10);
  });

  it('knows the published dates, e.g. Ashura 1404 on 15 Tir and Eid al-Fitr twice in 1405', () => {
    expect(datesOf(1404, 'ashura')).toEqual(['1404/04/15']);
    expect(datesOf(1405, 'eid-al-fitr')).toEqual(['1405/01/01', '1405/12/19']);
    expect(datesOf(1404, 'imam-ali-martyrdom')).toEqual(['1404/01/02', '1404/12/20']);
  });

  it('a day with two occasions reports both, and an ordinary day none', () => {
    expect(iranHolidayOccasions(parseJalali('1405/03/14'))).toEqual(['khomeini-death', 'eid-al-ghadir']);
    expect(iranHolidayOccasions(parseJalali('1405/07/15'))).toEqual([]);
    expect(isIranPublicHoliday(parseJalali('1404/11/22'))).toBe(true);
  });

  it('lists each holiday date once, covering the next Nowruz after the last year held', () => {
    const dates = iranPublicHolidayDates().map((date) => formatJalali(date));
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates[0]).toBe('1404/01/01');
    expect(dates).toContain('1407/01/01');
    expect(dates.filter((date) => date.startsWith('1405/'))).toHaveLength(26);
  });
});
