import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKeyring } from './payload-keys';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ProtoPayload = temporal.api.common.v1.Payload;

/**
 * AES-256-GCM over each whole payload (its metadata too: the encoding says JSON, which is no
 * secret, but the data is): `iv ‖ ciphertext ‖ tag`, the key's id in the metadata. Payloads
 * written before the codec carry no such encoding and pass through, so old histories replay.
 */
export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: PayloadKeyring) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => (isEncrypted(payload) ? this.decrypt(payload) : payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.keys.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([iv, cipher.update(ProtoPayload.encode(payload).finish()), cipher.final(), cipher.getAuthTag()]);
    return { metadata: { encoding: encoder.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: encoder.encode(id) }, data: sealed };
  }

  private decrypt(payload: Payload): Payload {
    const id = decoder.decode(payload.metadata?.[KEY_ID_METADATA] ?? new Uint8Array());
    const key = this.keys.byId.get(id);
    if (!key) throw new Error(`payload encrypted with key "${id}", which PAYLOAD_KEYS does not hold`);
    const sealed = Buffer.from(payload.data ?? new Uint8Array());
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
    return ProtoPayload.decode(plain);
  }
}

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.encoding;
  return encoding !== undefined && encoding !== null && decoder.decode(encoding) === ENCRYPTED_ENCODING;
}

/** Which key sealed a payload (undefined for one written before the codec). */
export function keyIdOf(payload: Payload): string | undefined {
  return isEncrypted(payload) ? decoder.decode(payload.metadata![KEY_ID_METADATA]!) : undefined;
}
