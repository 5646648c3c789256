import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { toAsciiDigits } from '../domain/identity';
import { normalizeName } from '../domain/normalize';
import type { PayloadKeyring } from './payload-keys';

/** Every sealed value starts so: `enc1:<key id>:<base64 of iv ‖ ciphertext ‖ tag>`. */
const SEALED_PREFIX = 'enc1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A value that was erased after its retention period (applicants' particulars). */
export const ERASED = '';

/**
 * The applicant's particulars in the database: sealed with AES-256-GCM under the newest of
 * FIELD_KEYS (each value names its key, so every key in the ring still opens its own), plus
 * keyed blind indexes (HMAC-SHA256 under BLIND_INDEX_KEY) that let the database find a national
 * id, or a word of a name, without holding either. The index key is never rotated: a new one
 * would mean re-indexing every row; the sealing keys are (security/field-rotation.ts).
 */
export class FieldCipher {
  constructor(
    private readonly keys: PayloadKeyring,
    private readonly indexKey: Buffer,
  ) {
    if (indexKey.length !== 32) throw new Error(`BLIND_INDEX_KEY must be 32 bytes in base64 (it has ${indexKey.length})`);
  }

  /** The id of the key that seals new values. */
  get currentKeyId(): string {
    return this.keys.current.id;
  }

  seal(plain: string): string {
    const { id, key } = this.keys.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${SEALED_PREFIX}${id}:${sealed.toString('base64')}`;
  }

  /** The plain value; a value written before sealing (or erased) is returned as it is. */
  open(stored: string): string {
    if (!isSealed(stored)) return stored;
    const id = sealingKeyIdOf(stored)!;
    const key = this.keys.byId.get(id);
    if (!key) throw new Error(`a field sealed with key "${id}", which FIELD_KEYS does not hold`);
    const sealed = Buffer.from(stored.slice(SEALED_PREFIX.length + id.length + 1), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  sealJson(value: unknown): string {
    return this.seal(JSON.stringify(value));
  }

  openJson<T>(stored: string): T {
    return JSON.parse(this.open(stored)) as T;
  }

  /** The blind index of a national id, however its digits were typed. */
  nationalIdIndex(nationalId: string): string {
    return this.hmac(`national-id:${toAsciiDigits(nationalId).replace(/[\s-]/g, '')}`);
  }

  /** One blind index per distinct word of a name, so a search for whole words finds it. */
  nameIndex(fullName: string): string[] {
    return [...new Set(nameWords(fullName))].map((word) => this.wordIndex(word));
  }

  /** The indexes a search for `query` must all find among a name's (empty: not a name search). */
  nameQueryIndex(query: string): string[] {
    return [...new Set(nameWords(query))].map((word) => this.wordIndex(word));
  }

  private wordIndex(word: string): string {
    return this.hmac(`name-word:${word}`).slice(0, 32);
  }

  private hmac(text: string): string {
    return createHmac('sha256', this.indexKey).update(text, 'utf8').digest('hex');
  }
}

export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

/** Which key sealed a value; null for a plain (or erased) one. */
export function sealingKeyIdOf(stored: string): string | null {
  if (!isSealed(stored)) return null;
  const end = stored.indexOf(':', SEALED_PREFIX.length);
  return end < 0 ? null : stored.slice(SEALED_PREFIX.length, end);
}

/** A name's words as searches compare them: letters folded, lower case, punctuation dropped. */
function nameWords(text: string): string[] {
  return normalizeName(text)
    .replaceAll('\u200c', '') // a zero-width non-joiner splits a word's look, not the word
    .toLowerCase()
    .split(/[\s.,،;:()"'-]+/)
    .filter((word) => word.length > 0);
}
