/**
 * Iran's official public holidays (تعطیلات رسمی), as Jalali dates.
 *
 * The county updates this list every year: the lunar (Hijri) holidays move about eleven days
 * earlier each solar year, and their Jalali dates are fixed only when the Council for Public
 * Culture publishes the next year's official calendar (in the autumn before it) and, for the
 * month starts, when the new moon is actually sighted. Add the coming year here when that
 * calendar is published, and correct a date when a sighting moves a holiday.
 *
 * Occasions are named by ids; the Persian and English names users see belong in the
 * translation files.
 */
export type HolidayOccasion =
  // Fixed in the solar calendar.
  | 'nowruz'
  | 'islamic-republic-day'
  | 'nature-day'
  | 'khomeini-death'
  | 'khordad-15-uprising'
  | 'revolution-day'
  | 'oil-nationalization-day'
  // Fixed in the lunar calendar.
  | 'tasua'
  | 'ashura'
  | 'arbaeen'
  | 'prophet-death-and-imam-hasan-martyrdom'
  | 'imam-reza-martyrdom'
  | 'imam-hasan-askari-martyrdom'
  | 'prophet-birthday'
  | 'fatemeh-martyrdom'
  | 'imam-ali-birthday'
  | 'mabath'
  | 'imam-mahdi-birthday'
  | 'imam-ali-martyrdom'
  | 'eid-al-fitr'
  | 'eid-al-fitr-second-day'
  | 'imam-sadegh-martyrdom'
  | 'eid-al-adha'
  | 'eid-al-ghadir';

/** A holiday on a month and day of a Jalali year. */
export interface HolidayEntry {
  readonly month: number;
  readonly day: number;
  readonly occasion: HolidayOccasion;
}

/** Holidays on the same Jalali day every year. */
export const FIXED_SOLAR_HOLIDAYS: readonly HolidayEntry[] = [
  { month: 1, day: 1, occasion: 'nowruz' },
  { month: 1, day: 2, occasion: 'nowruz' },
  { month: 1, day: 3, occasion: 'nowruz' },
  { month: 1, day: 4, occasion: 'nowruz' },
  { month: 1, day: 12, occasion: 'islamic-republic-day' },
  { month: 1, day: 13, occasion: 'nature-day' },
  { month: 3, day: 14, occasion: 'khomeini-death' },
  { month: 3, day: 15, occasion: 'khordad-15-uprising' },
  { month: 11, day: 22, occasion: 'revolution-day' },
  { month: 12, day: 29, occasion: 'oil-nationalization-day' },
];

export interface LunarHolidayYear {
  readonly year: number;
  /** 'official' once the published calendar gives the dates; 'estimated' before that. */
  readonly status: 'official' | 'estimated';
  readonly holidays: readonly HolidayEntry[];
}

/** The lunar holidays of each Jalali year we hold, in date order. */
export const LUNAR_HOLIDAYS: readonly LunarHolidayYear[] = [
  {
    // Lunar years 1446–1447, from the official calendar of 1404.
    year: 1404,
    status: 'official',
    holidays: [
      { month: 1, day: 2, occasion: 'imam-ali-martyrdom' }, // 21 Ramadan 1446, within Nowruz
      { month: 1, day: 11, occasion: 'eid-al-fitr' },
      { month: 1, day: 12, occasion: 'eid-al-fitr-second-day' },
      { month: 2, day: 4, occasion: 'imam-sadegh-martyrdom' },
      { month: 3, day: 16, occasion: 'eid-al-adha' },
      { month: 3, day: 24, occasion: 'eid-al-ghadir' },
      { month: 4, day: 14, occasion: 'tasua' },
      { month: 4, day: 15, occasion: 'ashura' },
      { month: 5, day: 23, occasion: 'arbaeen' },
      { month: 5, day: 31, occasion: 'prophet-death-and-imam-hasan-martyrdom' },
      { month: 6, day: 2, occasion: 'imam-reza-martyrdom' },
      { month: 6, day: 10, occasion: 'imam-hasan-askari-martyrdom' },
      { month: 6, day: 19, occasion: 'prophet-birthday' },
      { month: 9, day: 3, occasion: 'fatemeh-martyrdom' },
      { month: 10, day: 13, occasion: 'imam-ali-birthday' },
      { month: 10, day: 27, occasion: 'mabath' },
      { month: 11, day: 15, occasion: 'imam-mahdi-birthday' },
      { month: 12, day: 20, occasion: 'imam-ali-martyrdom' }, // 21 Ramadan 1447
    ],
  },
  {
    // Lunar years 1447–1448, from the official calendar of 1405 (published Mehr 1404).
    year: 1405,
    status: 'official',
    holidays: [
      { month: 1, day: 1, occasion: 'eid-al-fitr' }, // within Nowruz
      { month: 1, day: 2, occasion: 'eid-al-fitr-second-day' },
      { month: 1, day: 25, occasion: 'imam-sadegh-martyrdom' }, // 25 Shawwal 1447
      { month: 3, day: 6, occasion: 'eid-al-adha' },
      { month: 3, day: 14, occasion: 'eid-al-ghadir' }, // same day as 'khomeini-death'
      { month: 4, day: 3, occasion: 'tasua' },
      { month: 4, day: 4, occasion: 'ashura' },
      { month: 5, day: 13, occasion: 'arbaeen' },
      { month: 5, day: 21, occasion: 'prophet-death-and-imam-hasan-martyrdom' },
      { month: 5, day: 22, occasion: 'imam-reza-martyrdom' },
      { month: 5, day: 30, occasion: 'imam-hasan-askari-martyrdom' },
      { month: 6, day: 8, occasion: 'prophet-birthday' },
      // The published list puts one holiday in Aban, on a Friday: 3 Jumada II 1448 is 22 Aban.
      { month: 8, day: 22, occasion: 'fatemeh-martyrdom' },
      { month: 10, day: 2, occasion: 'imam-ali-birthday' },
      { month: 10, day: 16, occasion: 'mabath' },
      { month: 11, day: 4, occasion: 'imam-mahdi-birthday' },
      { month: 12, day: 9, occasion: 'imam-ali-martyrdom' },
      { month: 12, day: 19, occasion: 'eid-al-fitr' },
      { month: 12, day: 20, occasion: 'eid-al-fitr-second-day' },
    ],
  },
  {
    // Lunar years 1448–1449. Not yet published: month starts predicted from the new moons
    // and the sighting conditions the 1404–1405 calendars followed. Replace with the
    // official calendar of 1406 when it appears; any date may still move by a day.
    year: 1406,
    status: 'estimated',
    holidays: [
      { month: 1, day: 14, occasion: 'imam-sadegh-martyrdom' },
      { month: 2, day: 27, occasion: 'eid-al-adha' },
      { month: 3, day: 4, occasion: 'eid-al-ghadir' },
      { month: 3, day: 24, occasion: 'tasua' },
      { month: 3, day: 25, occasion: 'ashura' },
      { month: 5, day: 3, occasion: 'arbaeen' },
      { month: 5, day: 11, occasion: 'prophet-death-and-imam-hasan-martyrdom' },
      { month: 5, day: 12, occasion: 'imam-reza-martyrdom' },
      { month: 5, day: 20, occasion: 'imam-hasan-askari-martyrdom' },
      { month: 5, day: 29, occasion: 'prophet-birthday' },
      { month: 8, day: 12, occasion: 'fatemeh-martyrdom' },
      { month: 9, day: 21, occasion: 'imam-ali-birthday' },
      { month: 10, day: 5, occasion: 'mabath' },
      { month: 10, day: 23, occasion: 'imam-mahdi-birthday' },
      { month: 11, day: 28, occasion: 'imam-ali-martyrdom' },
      { month: 12, day: 8, occasion: 'eid-al-fitr' },
      { month: 12, day: 9, occasion: 'eid-al-fitr-second-day' },
    ],
  },
];
