import { FieldCipher, isSealed, sealingKeyIdOf } from '../../security/field-cipher';
import { newPayloadKey, parsePayloadKeys } from '../../security/payload-keys';
import { newBlindIndexKey } from '../../server/field-cipher';

const indexKey = Buffer.from(newBlindIndexKey(), 'base64');
const cipherWith = (keys: string, index = indexKey) => new FieldCipher(parsePayloadKeys(keys, 'FIELD_KEYS'), index);
const [older, newer] = [newPayloadKey(), newPayloadKey()];

test('a sealed value names its key, hides the text, differs each time and opens to the text', () => {
  const cipher = cipherWith(older);
  const sealed = cipher.seal('مریم رحیمی');
  expect(isSealed(sealed)).toBe(true);
  expect(sealingKeyIdOf(sealed)).toBe(older.split(':')[0]);
  expect(sealed).not.toContain('مریم');
  expect(cipher.seal('مریم رحیمی')).not.toBe(sealed);
  expect(cipher.open(sealed)).toBe('مریم رحیمی');
});

test('after a rotation new values use the newest key and the old ones still open; without the old key they do not', () => {
  const before = cipherWith(older).seal('0013542419');
  const rotated = cipherWith(`${newer},${older}`);
  expect(rotated.open(before)).toBe('0013542419');
  expect(sealingKeyIdOf(rotated.seal('x'))).toBe(newer.split(':')[0]);
  expect(() => cipherWith(newer).open(before)).toThrow(/FIELD_KEYS does not hold/);
});

test('a tampered value is refused, a plain one (written before sealing) passes through', () => {
  const cipher = cipherWith(older);
  const sealed = cipher.seal('+989111234567');
  const body = sealed.slice(sealed.lastIndexOf(':') + 1);
  const flipped = Buffer.from(body, 'base64');
  flipped[flipped.length - 20]! ^= 1;
  expect(() => cipher.open(sealed.replace(body, flipped.toString('base64')))).toThrow();
  expect(cipher.open('plain text')).toBe('plain text');
});

test('the national id index is keyed and the same however the digits were typed', () => {
  const cipher = cipherWith(older);
  const index = cipher.nationalIdIndex('0013542419');
  expect(cipher.nationalIdIndex('۰۰۱۳۵۴۲۴۱۹')).toBe(index);
  expect(cipher.nationalIdIndex('001-354241 9')).toBe(index);
  expect(cipher.nationalIdIndex('0013542418')).not.toBe(index);
  // The same under a rotated sealing key; another index key gives another index.
  expect(cipherWith(`${newer},${older}`).nationalIdIndex('0013542419')).toBe(index);
  expect(cipherWith(older, Buffer.from(newBlindIndexKey(), 'base64')).nationalIdIndex('0013542419')).not.toBe(index);
  expect(index).not.toContain('0013542419');
});

test('a name is found by any of its whole words, whatever letters, case or half-spaces were typed', () => {
  const cipher = cipherWith(older);
  const name = cipher.nameIndex('Maryam  Abdol‌Rahimi');
  expect(name).toHaveLength(2);
  expect(cipher.nameQueryIndex('maryam')).toEqual([name[0]]);
  expect(cipher.nameQueryIndex('ABDOLRAHIMI maryam').every((word) => name.includes(word))).toBe(true);
  expect(cipher.nameQueryIndex('Mary').every((word) => name.includes(word))).toBe(false);
  // Arabic yeh and kaf fold to the Persian letters people type.
  expect(cipher.nameIndex('علي كريمي')).toEqual(cipher.nameIndex('علی کریمی'));
  expect(cipher.nameQueryIndex(' - ')).toEqual([]);
});
