import { formatJalali, iranTimeOfDayMs, jalaliDateInIran, parseJalali, startOfJalaliDayInIran } from '../../../domain/calendar';

/** The instant `1405/07/15 10:30` names in Tehran. */
export function tehran(text: string): Date {
  const [date = '', time = '00:00'] = text.split(' ');
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return new Date(startOfJalaliDayInIran(parseJalali(date)).getTime() + (hours * 60 + minutes) * 60_000);
}

/** The reverse of `tehran`, for readable expectations. */
export function inTehran(instant: Date): string {
  const minutes = Math.floor(iranTimeOfDayMs(instant) / 60_000);
  const clock = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${formatJalali(jalaliDateInIran(instant))} ${clock}`;
}
