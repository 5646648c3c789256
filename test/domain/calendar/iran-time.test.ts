import {
  formatJalali,
  iranEpochDay,
  iranTimeOfDayMs,
  jalaliDateInIran,
  jalaliToEpochDay,
  startOfIranDay,
  startOfJalaliDayInIran,
} from '../../../domain/calendar';

describe('days in Tehran time', () => {
  it('a Tehran day starts at 20:30 UTC the evening before', () => {
    expect(startOfJalaliDayInIran({ year: 1405, month: 1, day: 1 }).toISOString()).toBe('2026-03-20T20:30:00.000Z');
  });

  it('the last millisecond before 20:30 UTC still belongs to the previous Tehran day', () => {
    expect(formatJalali(jalaliDateInIran(new Date('2026-03-20T20:29:59.999Z')))).toBe('1404/12/29');
    expect(formatJalali(jalaliDateInIran(new Date('2026-03-20T20:30:00.000Z')))).toBe('1405/01/01');
  });

  it('summer instants use the same offset, since Iran no longer observes daylight saving', () => {
    expect(startOfJalaliDayInIran({ year: 1405, month: 4, day: 1 }).toISOString()).toBe('2026-06-21T20:30:00.000Z');
  });

  it('the time of day is measured from Tehran midnight', () => {
    expect(iranTimeOfDayMs(new Date('2026-03-21T07:00:00.000Z'))).toBe((10 * 60 + 30) * 60_000);
    expect(iranTimeOfDayMs(new Date('2026-03-20T20:30:00.000Z'))).toBe(0);
  });

  it('an instant and the start of its Tehran day name the same day', () => {
    const instant = new Date('2026-11-26T19:00:00.000Z');
    const epochDay = iranEpochDay(instant);
    expect(epochDay).toBe(jalaliToEpochDay({ year: 1405, month: 9, day: 5 }));
    expect(iranEpochDay(startOfIranDay(epochDay))).toBe(epochDay);
  });

  it('refuses an invalid Date rather than computing with NaN', () => {
    expect(() => iranEpochDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});
