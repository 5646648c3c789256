import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, isEncrypted, keyIdOf } from '../../security/encryption-codec';
import { newPayloadKey, parsePayloadKeys, PayloadKeysError } from '../../security/payload-keys';

const applicant = { nationalId: '0012345679', fullName: 'Zahra Karimi', phone: '09121234567' };
const plain = (): Payload => defaultPayloadConverter.toPayload(applicant);
const text = (payload: Payload) => Buffer.from(payload.data ?? []).toString('latin1') + Object.values(payload.metadata ?? {}).map((v) => Buffer.from(v!).toString('latin1')).join('');

describe('the payload codec', () => {
  const oldKey = newPayloadKey(new Date('2026-01-01'));
  const newKey = newPayloadKey(new Date('2026-11-27'));

  test('encrypts the whole payload under the first key and gives it back unchanged', async () => {
    const codec = new EncryptionCodec(parsePayloadKeys(newKey));
    const [sealed] = await codec.encode([plain()]);
    expect(isEncrypted(sealed!)).toBe(true);
    expect(keyIdOf(sealed!)).toBe(newKey.split(':')[0]);
    for (const secret of Object.values(applicant)) expect(text(sealed!)).not.toContain(secret);
    expect(text(sealed!)).not.toContain('json/plain');
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).toEqual(applicant);
  });

  test('the same payload sealed twice differs (a fresh nonce each time)', async () => {
    const codec = new EncryptionCodec(parsePayloadKeys(newKey));
    const [a, b] = await codec.encode([plain(), plain()]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  test('after rotation new payloads use the new key and old ones stay readable', async () => {
    const before = new EncryptionCodec(parsePayloadKeys(oldKey));
    const after = new EncryptionCodec(parsePayloadKeys(`${newKey},${oldKey}`));
    const [old] = await before.encode([plain()]);
    const [fresh] = await after.encode([plain()]);
    expect(keyIdOf(fresh!)).toBe(newKey.split(':')[0]);
    expect(defaultPayloadConverter.fromPayload((await after.decode([old!]))[0]!)).toEqual(applicant);
    // Dropping the old key too early makes its payloads unreadable, not silently wrong.
    await expect(new EncryptionCodec(parsePayloadKeys(newKey)).decode([old!])).rejects.toThrow(/PAYLOAD_KEYS does not hold/);
  });

  test('payloads written before the codec pass through, so old histories replay', async () => {
    const codec = new EncryptionCodec(parsePayloadKeys(newKey));
    const before = plain();
    expect(await codec.decode([before])).toEqual([before]);
  });

  test('a tampered payload is refused', async () => {
    const codec = new EncryptionCodec(parsePayloadKeys(newKey));
    const [sealed] = await codec.encode([plain()]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    await expect(codec.decode([{ ...sealed!, data }])).rejects.toThrow();
  });

  test.each([
    ['nothing', '', /at least one key/],
    ['no id', 'nokey', /id of letters/],
    ['a short key', 'k1:c2hvcnQ=', /must be 32 bytes/],
    ['one id twice', `${newKey},${newKey}`, /appears twice/],
  ])('PAYLOAD_KEYS with %s is refused with a reason', (_label, value, reason) => {
    expect(() => parsePayloadKeys(value)).toThrow(PayloadKeysError);
    expect(() => parsePayloadKeys(value)).toThrow(reason);
  });
});
