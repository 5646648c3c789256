import { createHash } from 'node:crypto';
import {
  createWorkingCalendar,
  DEFAULT_WEEKEND,
  IRAN_UTC_OFFSET_MS,
  iranPublicHolidayDates,
  jalaliToEpochDay,
  MS_PER_DAY,
  startOfIranDay,
  type Weekday,
} from '../../domain/calendar';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';

/**
 * The working calendar as a table (working_calendar_days), so SQL counts working time by
 * subtracting two indexes. Its days are those of the escalation ladder's calendar
 * (domain/calendar: the weekend, and the public holidays the escalation policy uses), so the
 * figures and the deadlines never disagree on which day was worked.
 *
 * Working time at an instant t, in working days: the working days before t's Tehran day, plus,
 * when that day is a working day, the part of it gone by (hours ÷ 24). The time between two
 * instants is the difference: the part of [start, end) that falls on working days, in days of
 * 24 hours; a start on a day off counts from 00:00 of the next working day. Its whole part is
 * exactly `workingDaysBetween` (what the escalation ladder counts, see domain/wait-clock.ts);
 * the figures keep the fraction so that a step done in three hours is not a step done in none.
 */

// The Jalali years the table holds; a step outside them is left out of the step times.
export const CALENDAR_FIRST_YEAR = 1400;
export const CALENDAR_LAST_YEAR = 1419;
const firstDay = jalaliToEpochDay({ year: CALENDAR_FIRST_YEAR, month: 1, day: 1 });
const endDay = jalaliToEpochDay({ year: CALENDAR_LAST_YEAR + 1, month: 1, day: 1 });

/** The key of the table's rows for a weekend setting: its days in the week's order. */
export const weekendKey = (weekend: readonly Weekday[]): string => createWorkingCalendar({ weekend, holidays: [] }).weekend.join(',');

interface CalendarDays {
  working: boolean[];
  before: number[];
  fingerprint: string;
}

function calendarDays(weekend: readonly Weekday[]): CalendarDays {
  const calendar = createWorkingCalendar({ weekend, holidays: iranPublicHolidayDates() });
  const working: boolean[] = [];
  const before: number[] = [];
  let worked = 0;
  for (let day = firstDay; day < endDay; day++) {
    const isWorking = calendar.isWorkingDay(startOfIranDay(day));
    working.push(isWorking);
    before.push(worked);
    if (isWorking) worked += 1;
  }
  const flags = working.map((w) => (w ? '1' : '0')).join('');
  return { working, before, fingerprint: `${firstDay}:${working.length}:${createHash('md5').update(flags).digest('hex')}` };
}

// Filled once per database client and weekend; a failure is forgotten so that the next request retries.
const filled = new WeakMap<PrismaClient, Map<string, Promise<string>>>();

/** Makes sure the table holds the domain's calendar for `weekend`; returns the rows' key. */
export function ensureWorkingCalendar(prisma: PrismaClient, weekend: readonly Weekday[] = DEFAULT_WEEKEND): Promise<string> {
  const key = weekendKey(weekend);
  const ofClient = filled.get(prisma) ?? new Map<string, Promise<string>>();
  filled.set(prisma, ofClient);
  let done = ofClient.get(key);
  if (!done) {
    done = fill(prisma, key, weekend).then(() => key);
    done.catch(() => ofClient.delete(key));
    ofClient.set(key, done);
  }
  return done;
}

const storedFingerprint = (prisma: PrismaClient, key: string) =>
  prisma.$queryRaw<{ fingerprint: string | null }[]>`
    SELECT min(epoch_day) || ':' || count(*) || ':' || md5(string_agg(CASE WHEN working THEN '1' ELSE '0' END, '' ORDER BY epoch_day)) AS fingerprint
    FROM working_calendar_days WHERE weekend = ${key}`;

async function fill(prisma: PrismaClient, key: string, weekend: readonly Weekday[]): Promise<void> {
  const days = calendarDays(weekend);
  if ((await storedFingerprint(prisma, key))[0]?.fingerprint === days.fingerprint) return;
  const epochDays = days.working.map((_, i) => firstDay + i);
  // Replaced in one transaction, so a reader sees the old calendar or the new, never half of one;
  // the lock makes two processes starting together take turns.
  await prisma.$transaction([
    prisma.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('working_calendar_days'))`,
    prisma.$executeRaw`DELETE FROM working_calendar_days WHERE weekend = ${key}`,
    prisma.$executeRaw`
      INSERT INTO working_calendar_days (weekend, epoch_day, working, working_days_before)
      SELECT ${key}, d, w, b FROM unnest(${epochDays}::int[], ${days.working}::boolean[], ${days.before}::int[]) AS t(d, w, b)`,
  ]);
}

/** Tehran's offset from UTC in seconds, and a day's length: the calendar table's arithmetic. */
// Written into the SQL as constants (they are ours, not the request's), so the planner sees numbers.
const offsetSeconds = Prisma.raw(String(IRAN_UTC_OFFSET_MS / 1000));
const daySeconds = Prisma.raw(String(MS_PER_DAY / 1000));

/**
 * The calendar as one row of arrays, `cal`: for a CTE `WITH cal AS MATERIALIZED (…)` (computed once,
 * not once per row),
 * so each instant's working time is two array look-ups, whatever the planner thinks of joins.
 */
export const calendarArrays = (key: string): Prisma.Sql => Prisma.sql`
  SELECT min(epoch_day) AS first, array_agg(working_days_before ORDER BY epoch_day) AS before, array_agg(working ORDER BY epoch_day) AS working
  FROM working_calendar_days WHERE weekend = ${key}`;

/**
 * Working time at a timestamptz `instant`, in working days, read from `cal`; null outside the
 * years the table holds. Local seconds e, Tehran day d = ⌊e ÷ 86400⌋: the working days before d,
 * plus the part of d gone by when d is a working day.
 */
export function workingTimeAt(instant: Prisma.Sql): Prisma.Sql {
  const local = Prisma.sql`(date_part('epoch', ${instant}) + ${offsetSeconds})`;
  const dayOf = Prisma.sql`floor(${local} / ${daySeconds})`;
  const index = Prisma.sql`(${dayOf}::int - cal.first + 1)`;
  return Prisma.sql`(cal.before[${index}] + CASE WHEN cal.working[${index}] THEN (${local} - ${dayOf} * ${daySeconds}) / ${daySeconds} ELSE 0 END)`;
}
