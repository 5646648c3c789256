import { createWorkingCalendar, jalaliWeekday, parseJalali } from '../../../domain/calendar';
import { inTehran, tehran } from './tehran';

const fridayOff = createWorkingCalendar();
const thursdayAndFridayOff = createWorkingCalendar({ weekend: ['thursday', 'friday'] });

describe('a working calendar with Friday off and the public holidays', () => {
  it('counts Saturday to Thursday as working days, but not Friday or a holiday', () => {
    expect(jalaliWeekday(parseJalali('1405/07/16'))).toBe('thursday');
    expect(fridayOff.isWorkingDay(parseJalali('1405/07/16'))).toBe(true);
    expect(fridayOff.isWorkingDay(parseJalali('1405/07/17'))).toBe(false);
    expect(fridayOff.isWorkingDay(parseJalali('1405/01/03'))).toBe(false);
    expect(fridayOff.isWorkingDay(tehran('1405/07/17 23:59'))).toBe(false);
    expect(fridayOff.isWorkingDay(tehran('1405/07/18 00:00'))).toBe(true);
  });

  it('a deadline of two working days from Wednesday 10:30 ends on Saturday at 10:30', () => {
    expect(jalaliWeekday(parseJalali('1405/07/15'))).toBe('wednesday');
    expect(inTehran(fridayOff.addWorkingDays(tehran('1405/07/15 10:30'), 1))).toBe('1405/07/16 10:30');
    expect(inTehran(fridayOff.addWorkingDays(tehran('1405/07/15 10:30'), 2))).toBe('1405/07/18 10:30');
  });

  it('a deadline started on Friday counts from the start of Saturday', () => {
    expect(inTehran(fridayOff.addWorkingDays(tehran('1405/07/17 18:00'), 0))).toBe('1405/07/18 00:00');
    expect(inTehran(fridayOff.addWorkingDays(tehran('1405/07/17 18:00'), 1))).toBe('1405/07/19 00:00');
  });

  it('a deadline across Nowruz skips 29 Esfand and the four days of Nowruz', () => {
    expect(inTehran(fridayOff.addWorkingDays(tehran('1404/12/27 10:00'), 1))).toBe('1404/12/28 10:00');
    expect(inTehran(fridayOff.addWorkingDays(tehran('1404/12/27 10:00'), 2))).toBe('1405/01/05 10:00');
    // The 7th and 14th of Farvardin are Fridays; the 12th and 13th are holidays.
    expect(inTehran(fridayOff.addWorkingDays(tehran('1404/12/27 10:00'), 7))).toBe('1405/01/11 10:00');
    expect(inTehran(fridayOff.addWorkingDays(tehran('1404/12/27 10:00'), 8))).toBe('1405/01/15 10:00');
  });

  it('a deadline at midnight after a Friday is already complete once Thursday has ended', () => {
    const friday = tehran('1405/07/10 18:00');
    const deadline = fridayOff.addWorkingDays(friday, 6);
    expect(inTehran(deadline)).toBe('1405/07/18 00:00');
    expect(fridayOff.workingDaysBetween(friday, tehran('1405/07/16 23:59'))).toBe(5);
    expect(fridayOff.workingDaysBetween(friday, tehran('1405/07/17 12:00'))).toBe(6);
  });

  it('a deadline started during Nowruz counts from the first working day after it', () => {
    expect(inTehran(fridayOff.addWorkingDays(tehran('1405/01/02 15:00'), 1))).toBe('1405/01/06 00:00');
  });

  it('counts whole working days between two instants, the last one only once its hour has come', () => {
    const referred = tehran('1405/07/15 10:30');
    expect(fridayOff.workingDaysBetween(referred, tehran('1405/07/15 18:00'))).toBe(0);
    expect(fridayOff.workingDaysBetween(referred, tehran('1405/07/18 10:29'))).toBe(1);
    expect(fridayOff.workingDaysBetween(referred, tehran('1405/07/18 10:30'))).toBe(2);
    expect(fridayOff.workingDaysBetween(referred, tehran('1405/07/17 12:00'))).toBe(1);
    expect(fridayOff.workingDaysBetween(tehran('1405/07/18 10:30'), referred)).toBe(-2);
  });

  it('uses the holidays it is given instead of the official list', () => {
    const noHolidays = createWorkingCalendar({ holidays: [] });
    expect(noHolidays.isWorkingDay(parseJalali('1405/01/01'))).toBe(true);
    // 29 Esfand 1404 is a Friday, so the weekend still applies.
    expect(inTehran(noHolidays.addWorkingDays(tehran('1404/12/27 10:00'), 2))).toBe('1405/01/01 10:00');
  });

  it('refuses a negative or fractional number of days, and a week without working days', () => {
    expect(() => fridayOff.addWorkingDays(tehran('1405/07/15 10:30'), -1)).toThrow(RangeError);
    expect(() => fridayOff.addWorkingDays(tehran('1405/07/15 10:30'), 1.5)).toThrow(RangeError);
    expect(() => fridayOff.addWorkingDays(new Date(Number.NaN), 1)).toThrow(RangeError);
    expect(() =>
      createWorkingCalendar({
        weekend: ['saturday', 'sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
      }),
    ).toThrow(RangeError);
  });
});

describe('a working calendar with Thursday and Friday off', () => {
  it('a deadline of one working day from Wednesday ends on Saturday at the same time', () => {
    expect(inTehran(thursdayAndFridayOff.addWorkingDays(tehran('1405/07/15 10:30'), 1))).toBe('1405/07/18 10:30');
    expect(thursdayAndFridayOff.weekend).toEqual(['thursday', 'friday']);
  });

  it('a deadline from Wednesday before Nowruz ends on the Wednesday after it', () => {
    expect(inTehran(thursdayAndFridayOff.addWorkingDays(tehran('1404/12/27 10:00'), 1))).toBe('1405/01/05 10:00');
  });
});

describe('test/demo mode, where a working day lasts dayLengthMs', () => {
  const demo = { dayLengthMs: 2000 };

  it('adds plain milliseconds, ignoring weekends and holidays', () => {
    const nowruz = tehran('1405/01/01 09:00');
    expect(fridayOff.addWorkingDays(nowruz, 3, demo).getTime() - nowruz.getTime()).toBe(6000);
    expect(fridayOff.isWorkingDay(nowruz, demo)).toBe(true);
  });

  it('counts whole demo days between two instants', () => {
    const start = tehran('1405/07/17 09:00');
    expect(fridayOff.workingDaysBetween(start, new Date(start.getTime() + 5999), demo)).toBe(2);
    expect(fridayOff.workingDaysBetween(start, new Date(start.getTime() + 6000), demo)).toBe(3);
  });

  it('a day length of exactly 24 hours means the real calendar', () => {
    const friday = tehran('1405/07/17 09:00');
    expect(inTehran(fridayOff.addWorkingDays(friday, 1, { dayLengthMs: 86_400_000 }))).toBe('1405/07/19 00:00');
  });

  it('refuses a day length that is not a positive number', () => {
    expect(() => fridayOff.addWorkingDays(tehran('1405/07/15 10:30'), 1, { dayLengthMs: 0 })).toThrow(RangeError);
    expect(() => fridayOff.addWorkingDays(tehran('1405/07/15 10:30'), 1, { dayLengthMs: Number.NaN })).toThrow(
      RangeError,
    );
  });
});
