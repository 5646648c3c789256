import { FieldCipher } from '../security/field-cipher';
import { parsePayloadKeys } from '../security/payload-keys';

/** Fixed keys for tests and benches (never for a deployment): the same in every process of a test. */
export const TEST_FIELD_KEYS = `test-2026:${Buffer.alloc(32, 7).toString('base64')}`;
export const TEST_BLIND_INDEX_KEY = Buffer.alloc(32, 9).toString('base64');

export const testFieldCipher = new FieldCipher(parsePayloadKeys(TEST_FIELD_KEYS, 'FIELD_KEYS'), Buffer.from(TEST_BLIND_INDEX_KEY, 'base64'));

/** The environment a child process of a test needs to seal and open the same fields. */
export const testFieldKeyEnv = { FIELD_KEYS: TEST_FIELD_KEYS, BLIND_INDEX_KEY: TEST_BLIND_INDEX_KEY };
