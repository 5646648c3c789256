import { PrismaPg } from '@prisma/adapter-pg';
import fc from 'fast-check';
import { ensureWorkingCalendar, workingTimeAt } from '../../api/figures/working-calendar';
import { createWorkingCalendar, iranPublicHolidayDates, startOfIranDay, type Weekday } from '../../domain/calendar';
import { Prisma, PrismaClient } from '../../generated/prisma/client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { tehran } from '../domain/calendar/tehran';

// The calendar table agrees with the escalation ladder's calendar: the whole part of the working
// time the figures count between two instants is domain/calendar's workingDaysBetween.

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

/** Working days from each start to its end, as the figures' SQL counts them. */
async function sqlWorkingDays(prisma: PrismaClient, key: string, pairs: [Date, Date][]): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ days: number }[]>`
    WITH cal AS MATERIALIZED (
      SELECT min(epoch_day) AS first, array_agg(working_days_before ORDER BY epoch_day) AS before, array_agg(working ORDER BY epoch_day) AS working
      FROM working_calendar_days WHERE weekend = ${key})
    SELECT (${workingTimeAt(Prisma.sql`p.b`)} - ${workingTimeAt(Prisma.sql`p.a`)})::float8 AS days
    FROM cal, unnest(${pairs.map(([a]) => a)}::timestamptz[], ${pairs.map(([, b]) => b)}::timestamptz[]) WITH ORDINALITY AS p(a, b, n)
    ORDER BY p.n`;
  return rows.map((r) => r.days);
}

const instant = fc.integer({ min: tehran('1404/01/01').getTime(), max: tehran('1406/12/01').getTime() }).map((ms) => new Date(ms));
const ordered = fc.tuple(instant, instant).map(([x, y]): [Date, Date] => (x <= y ? [x, y] : [y, x]));

test.each([[['friday']], [['thursday', 'friday']]] as [Weekday[]][])('with %j off, ⌊working time⌋ is workingDaysBetween for any two instants', async (weekend) => {
  const key = await ensureWorkingCalendar(db.prisma, weekend);
  const calendar = createWorkingCalendar({ weekend, holidays: iranPublicHolidayDates() });
  const pairs = fc.sample(ordered, { numRuns: 400, seed: 1405 });
  const days = await sqlWorkingDays(db.prisma, key, pairs);
  pairs.forEach(([a, b], i) => expect([a.toISOString(), b.toISOString(), Math.floor(days[i]! + 1e-9)]).toEqual([a.toISOString(), b.toISOString(), calendar.workingDaysBetween(a, b)]));
});

test('a whole working day is 1, a day off 0, and a part-day its hours ÷ 24', async () => {
  const key = await ensureWorkingCalendar(db.prisma);
  const days = await sqlWorkingDays(db.prisma, key, [
    [tehran('1405/08/16 10:00'), tehran('1405/08/17 10:00')], // Saturday to Sunday
    [tehran('1405/08/15 08:00'), tehran('1405/08/15 20:00')], // all on a Friday
    [tehran('1405/08/14 18:00'), tehran('1405/08/16 06:00')], // Thursday evening over Friday
    [tehran('1405/10/01 00:00'), tehran('1405/10/03 00:00')], // a Tuesday and the holiday of 10/02
  ]);
  expect(days.map((d) => Math.round(d * 1e6) / 1e6)).toEqual([1, 0, 0.5, 1]);
});

test('the table is filled once, and filled again when it no longer matches the domain\'s calendar', async () => {
  const key = await ensureWorkingCalendar(db.prisma);
  const count = () => db.prisma.workingCalendarDay.count({ where: { weekend: key } });
  const before = await count();
  expect(before).toBeGreaterThan(7000);
  // A day marked wrong (as if a holiday were entered since): a process starting now puts it right.
  await db.prisma.$executeRaw`UPDATE working_calendar_days SET working = NOT working WHERE weekend = ${key} AND epoch_day = (SELECT min(epoch_day) FROM working_calendar_days)`;
  const another = new PrismaClient({ adapter: new PrismaPg({ connectionString: db.url, max: 2 }) });
  try {
    await ensureWorkingCalendar(another);
    const [wrong] = await db.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM working_calendar_days c
      JOIN working_calendar_days next ON next.weekend = c.weekend AND next.epoch_day = c.epoch_day + 1
      WHERE c.weekend = ${key} AND next.working_days_before - c.working_days_before <> (CASE WHEN c.working THEN 1 ELSE 0 END)`;
    expect(wrong!.n).toBe(0);
    expect(await count()).toBe(before);
    const first = await db.prisma.workingCalendarDay.findFirstOrThrow({ where: { weekend: key }, orderBy: { epochDay: 'asc' } });
    expect(first.working).toBe(createWorkingCalendar({ holidays: iranPublicHolidayDates() }).isWorkingDay(startOfIranDay(first.epochDay)));
  } finally {
    await another.$disconnect();
  }
});
