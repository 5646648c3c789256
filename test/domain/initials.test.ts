import { initialsOf } from '../../domain/initials';

describe("an applicant's initials, as emails name them", () => {
  test.each([
    ['Maryam Rahimi', 'M. R.'],
    ['  maryam   rahimi ', 'M. R.'],
    ['مریم رحیمی', 'م. ر.'],
    // The zero-width non-joiner inside a Persian family name joins its parts into one name.
    ['فرشته حبیب\u200cزاده', 'ف. ح.'],
    ['Seyed-Ali (Ali) Mousavi', 'S. A. M.'],
    ['', ''],
  ])('%p → %p', (name, initials) => {
    expect(initialsOf(name)).toBe(initials);
  });
});
