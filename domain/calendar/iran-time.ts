import { epochDayToJalali, jalaliToEpochDay, type JalaliDate } from './jalali';

export const MS_PER_DAY = 86_400_000;

/**
 * Iran Standard Time is UTC+03:30. Iran stopped daylight saving after the summer of 2022
 * (1401), so this fixed offset is exact for every instant since; an instant from an earlier
 * summer is read one hour off, which no deadline computed from now on can meet. We do the
 * arithmetic ourselves instead of asking `Intl` for Asia/Tehran because this code runs in
 * Temporal's deterministic workflow sandbox, where the host's time-zone data must not matter.
 */
export const IRAN_UTC_OFFSET_MS = (3 * 60 + 30) * 60_000;

function millisecondsOf(instant: Date): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid Date');
  return time;
}

/** The calendar day, in Tehran, that contains `instant`, as days since 1970-01-01. */
export function iranEpochDay(instant: Date): number {
  return Math.floor((millisecondsOf(instant) + IRAN_UTC_OFFSET_MS) / MS_PER_DAY);
}

/** Milliseconds since midnight, Tehran time (0 ≤ result < 86 400 000). */
export function iranTimeOfDayMs(instant: Date): number {
  const local = millisecondsOf(instant) + IRAN_UTC_OFFSET_MS;
  return local - Math.floor(local / MS_PER_DAY) * MS_PER_DAY;
}

/** The instant at which the given Tehran day starts (00:00 Tehran time). */
export function startOfIranDay(epochDay: number): Date {
  if (!Number.isSafeInteger(epochDay)) throw new RangeError(`Invalid epoch day ${epochDay}`);
  return new Date(epochDay * MS_PER_DAY - IRAN_UTC_OFFSET_MS);
}

/** Today's date in Tehran for `instant`, e.g. to pass to `formatJalali`. */
export function jalaliDateInIran(instant: Date): JalaliDate {
  return epochDayToJalali(iranEpochDay(instant));
}

/** 00:00 Tehran time on the given Jalali day. */
export function startOfJalaliDayInIran(date: JalaliDate): Date {
  return startOfIranDay(jalaliToEpochDay(date));
}
