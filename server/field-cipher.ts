import { randomBytes } from 'node:crypto';
import type { Config } from '../config/config';
import { FieldCipher } from '../security/field-cipher';
import { keyFileInDataDir, newPayloadKey, parsePayloadKeys } from '../security/payload-keys';

export const FIELD_KEYS_FILE = 'field-keys.txt';
export const BLIND_INDEX_KEY_FILE = 'blind-index-key.txt';

/** A new BLIND_INDEX_KEY: 32 random bytes in base64. */
export const newBlindIndexKey = (): string => randomBytes(32).toString('base64');

/**
 * The keys that seal applicants' particulars in the database. FIELD_KEYS and BLIND_INDEX_KEY when
 * set; the embedded one-process run keeps its own in DATA_DIR. Split api/worker processes must
 * share them, so without both they refuse to start rather than store particulars in plain text.
 */
export async function fieldCipherOf(config: Pick<Config, 'FIELD_KEYS' | 'BLIND_INDEX_KEY' | 'RUN_MODE' | 'DATA_DIR'>): Promise<FieldCipher> {
  if (config.FIELD_KEYS && config.BLIND_INDEX_KEY) return new FieldCipher(parsePayloadKeys(config.FIELD_KEYS, 'FIELD_KEYS'), Buffer.from(config.BLIND_INDEX_KEY, 'base64'));
  if (config.RUN_MODE === 'all' && !config.FIELD_KEYS && !config.BLIND_INDEX_KEY) {
    const [keys, indexKey] = await Promise.all([
      keyFileInDataDir(config.DATA_DIR, FIELD_KEYS_FILE, newPayloadKey),
      keyFileInDataDir(config.DATA_DIR, BLIND_INDEX_KEY_FILE, newBlindIndexKey),
    ]);
    return new FieldCipher(parsePayloadKeys(keys, 'FIELD_KEYS'), Buffer.from(indexKey, 'base64'));
  }
  throw new Error('FIELD_KEYS and BLIND_INDEX_KEY must both be set (npm run admin -- new-field-keys prints a pair); every api and worker process needs the same ones');
}
