import fc from 'fast-check';
import {
  createWorkingCalendar,
  iranEpochDay,
  iranTimeOfDayMs,
  isIranPublicHoliday,
  jalaliDateInIran,
  jalaliWeekday,
  type WorkingCalendar,
} from '../../../domain/calendar';
import { tehran } from './tehran';

// Instants from Nowruz 1404 to the autumn of 1406, so deadlines stay inside the held holidays.
const instants = fc
  .integer({ min: tehran('1404/01/01').getTime(), max: tehran('1406/08/01').getTime() })
  .map((time) => new Date(time));
const dayCounts = fc.integer({ min: 0, max: 60 });

describe.each([
  ['Friday off', createWorkingCalendar(), ['friday']],
  ['Thursday and Friday off', createWorkingCalendar({ weekend: ['thursday', 'friday'] }), ['thursday', 'friday']],
] as [string, WorkingCalendar, string[]][])('deadlines on a calendar with %s', (_name, calendar, weekend) => {
  it('a deadline always ends on a working day: never on the weekend, never on a public holiday', () => {
    fc.assert(
      fc.property(instants, dayCounts, (start, days) => {
        const deadline = calendar.addWorkingDays(start, days);
        const date = jalaliDateInIran(deadline);
        expect(calendar.isWorkingDay(deadline)).toBe(true);
        expect(weekend).not.toContain(jalaliWeekday(date));
        expect(isIranPublicHoliday(date)).toBe(false);
      }),
    );
  });

  it('more working days always give a later deadline, never an earlier one than the start', () => {
    fc.assert(
      fc.property(instants, dayCounts, dayCounts, (start, a, b) => {
        fc.pre(a !== b);
        const [fewer, more] = a < b ? [a, b] : [b, a];
        expect(calendar.addWorkingDays(start, fewer).getTime()).toBeLessThan(calendar.addWorkingDays(start, more).getTime());
        expect(calendar.addWorkingDays(start, fewer).getTime()).toBeGreaterThanOrEqual(start.getTime());
      }),
    );
  });

  it('the working days between a start and its deadline are exactly the days that were added', () => {
    fc.assert(
      fc.property(instants, dayCounts, (start, days) => {
        expect(calendar.workingDaysBetween(start, calendar.addWorkingDays(start, days))).toBe(days);
      }),
    );
  });

  it('adding a then b working days is the same as adding a + b', () => {
    fc.assert(
      fc.property(instants, dayCounts, dayCounts, (start, a, b) => {
        const stepwise = calendar.addWorkingDays(calendar.addWorkingDays(start, a), b);
        expect(stepwise.getTime()).toBe(calendar.addWorkingDays(start, a + b).getTime());
      }),
    );
  });

  it('one millisecond before a deadline inside a working day, one working day fewer has elapsed', () => {
    fc.assert(
      fc.property(instants, fc.integer({ min: 1, max: 60 }), (start, days) => {
        const deadline = calendar.addWorkingDays(start, days);
        // A deadline at midnight after a day off was already complete when the last working day ended.
        fc.pre(iranTimeOfDayMs(deadline) > 0);
        const justBefore = new Date(deadline.getTime() - 1);
        expect(calendar.workingDaysBetween(start, justBefore)).toBe(days - 1);
      }),
    );
  });
});

describe('deadlines across Nowruz', () => {
  const calendar = createWorkingCalendar();
  const withoutHolidays = createWorkingCalendar({ holidays: [] });
  const lastWeekOf1404 = fc
    .integer({ min: tehran('1404/12/20').getTime(), max: tehran('1404/12/29').getTime() - 1 })
    .map((time) => new Date(time));

  it('a deadline that crosses the new year ends at least four days later than if Nowruz were a working week', () => {
    fc.assert(
      fc.property(lastWeekOf1404, fc.integer({ min: 1, max: 20 }), (start, days) => {
        const deadline = calendar.addWorkingDays(start, days);
        fc.pre(jalaliDateInIran(deadline).year === 1405);
        const naive = withoutHolidays.addWorkingDays(start, days);
        expect(iranEpochDay(deadline) - iranEpochDay(naive)).toBeGreaterThanOrEqual(4);
        expect(isIranPublicHoliday(jalaliDateInIran(deadline))).toBe(false);
      }),
    );
  });
});

describe('test/demo mode', () => {
  const calendar = createWorkingCalendar();

  it('a deadline is the start plus days × dayLengthMs, and counting back gives the days', () => {
    fc.assert(
      fc.property(instants, dayCounts, fc.integer({ min: 1, max: 60_000 }), (start, days, dayLengthMs) => {
        const deadline = calendar.addWorkingDays(start, days, { dayLengthMs });
        expect(deadline.getTime() - start.getTime()).toBe(days * dayLengthMs);
        expect(calendar.workingDaysBetween(start, deadline, { dayLengthMs })).toBe(days);
      }),
    );
  });
});
