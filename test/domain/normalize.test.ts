import fc from 'fast-check';
import {
  foldPersianLetters,
  isStorableText,
  normalizeFreeText,
  normalizeIdentifier,
  normalizeName,
  textFault,
} from '../../domain/normalize';

describe('identifiers are normalized to one spelling', () => {
  test('Persian and Arabic-Indic digits become ASCII, so LHJ-۱۴۰۵-1, LHJ-١٤٠٥-1 and LHJ-1405-1 are one reference', () => {
    expect(normalizeIdentifier('LHJ-۱۴۰۵-1')).toBe('LHJ-1405-1');
    expect(normalizeIdentifier('LHJ-١٤٠٥-1')).toBe('LHJ-1405-1');
    expect(normalizeIdentifier('PAY-۱')).toBe(normalizeIdentifier('PAY-1'));
  });

  test('Arabic yeh, alef maksura and kaf become Persian yeh and keheh', () => {
    expect(foldPersianLetters('علي')).toBe('علی');
    expect(foldPersianLetters('موسى')).toBe('موسی');
    expect(foldPersianLetters('كريمي')).toBe('کریمی');
    expect(normalizeIdentifier('ك-۱')).toBe('ک-1');
  });

  test('the decomposed and the composed form of a letter are one (Unicode NFC)', () => {
    const decomposed = 'Jose\u0301';
    expect(normalizeIdentifier(decomposed)).toBe('Jos\u00e9');
    // Alef with hamza above, typed as alef + combining hamza.
    expect(normalizeName('\u0627\u0654حمد')).toBe('\u0623حمد');
  });

  test('spaces around are trimmed and runs of spaces inside become one', () => {
    expect(normalizeIdentifier('  LHJ   1405 ')).toBe('LHJ 1405');
    expect(normalizeName(' رضا   كريمي ')).toBe('رضا کریمی');
  });

  test('normalizing twice changes nothing more', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        for (const normalize of [normalizeIdentifier, normalizeName, normalizeFreeText]) expect(normalize(normalize(text))).toBe(normalize(text));
      }),
    );
  });
});

describe('free text keeps its lines', () => {
  test('line breaks and tabs stay; CRLF and a lone CR become LF; digits stay as typed', () => {
    expect(normalizeFreeText(' line one\r\nline\ttwo\rthree ')).toBe('line one\nline\ttwo\nthree');
    expect(normalizeFreeText('پلاک ۱۲')).toBe('پلاک ۱۲');
  });

  test('an address, being searched, has its letters folded too', () => {
    expect(normalizeFreeText('خيابان كاشف', { foldLetters: true })).toBe('خیابان کاشف');
    expect(normalizeFreeText('خيابان كاشف')).toBe('خيابان كاشف');
  });
});

describe('what may not be stored is found', () => {
  test.each([
    ['NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\ud800b'],
    ['a lone low surrogate', 'a\udc00b'],
    ['a high surrogate at the end', 'ab\ud83d'],
  ])('%s cannot be stored in any kind of field', (_what, text) => {
    expect(isStorableText(text)).toBe(false);
    for (const kind of ['identifier', 'name', 'freeText'] as const) expect(textFault(text, kind)).toMatch(/cannot be stored/);
  });

  test('a surrogate pair (an emoji) can be stored', () => {
    expect(isStorableText('ok \ud83d\ude00')).toBe(true);
  });

  test.each([
    ['a control character', 'A\u0007'],
    ['a tab', 'A\tB'],
    ['a line break', 'A\nB'],
    ['a C1 control', 'A\u0085B'],
    ['DEL', 'A\u007fB'],
    ['a line separator', 'A\u2028B'],
  ])('%s is refused in names and identifiers', (_what, text) => {
    expect(textFault(text, 'identifier')).toMatch(/control characters/);
    expect(textFault(text, 'name')).toMatch(/control characters/);
  });

  const bidiControls = ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c'];
  test.each(bidiControls.map((c) => [c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'), c]))(
    'the bidirectional control U+%s is refused in names and identifiers, allowed in free text',
    (_codePoint, control) => {
      const text = `PAY${control}1`;
      expect(textFault(text, 'identifier')).toMatch(/bidirectional/);
      expect(textFault(text, 'name')).toMatch(/bidirectional/);
      expect(textFault(text, 'freeText')).toBeNull();
    },
  );

  test('free text may hold line breaks and tabs, but no other control character', () => {
    expect(textFault('one\ntwo\tthree\r\n', 'freeText')).toBeNull();
    expect(textFault('one\u0007', 'freeText')).toMatch(/other than line breaks and tabs/);
    expect(textFault('one\u009b', 'freeText')).toMatch(/other than line breaks and tabs/);
  });

  test('a name keeps the zero-width non-joiner of Persian spelling; an identifier may not hold it, nor a zero-width space', () => {
    expect(textFault('علی\u200cرضا', 'name')).toBeNull();
    expect(textFault('LHJ\u200c1', 'identifier')).toMatch(/invisible/);
    expect(textFault('Re\u200bza', 'name')).toMatch(/invisible/);
  });

  test('ordinary Persian and English text passes every kind', () => {
    for (const kind of ['identifier', 'name', 'freeText'] as const) {
      expect(textFault('رضا کریمی', kind)).toBeNull();
      expect(textFault('LHJ-1405-1', kind)).toBeNull();
    }
  });
});
