import type { PayloadCodec } from '@temporalio/common';
import type { Config } from '../config/config';
import { EncryptionCodec } from '../security/encryption-codec';
import { parsePayloadKeys, payloadKeysInDataDir } from '../security/payload-keys';

/**
 * The codec every client and worker of this deployment shares. PAYLOAD_KEYS when set; the
 * embedded one-process run keeps its own in DATA_DIR; a split api/worker process without
 * PAYLOAD_KEYS cannot know its peers' key, so it writes plain payloads and says so.
 */
export async function payloadCodecOf(config: Config): Promise<PayloadCodec | undefined> {
  if (config.PAYLOAD_KEYS) return new EncryptionCodec(parsePayloadKeys(config.PAYLOAD_KEYS));
  if (config.RUN_MODE === 'all') return new EncryptionCodec(parsePayloadKeys(await payloadKeysInDataDir(config.DATA_DIR)));
  console.warn(`PAYLOAD_KEYS is not set: this ${config.RUN_MODE} process writes workflow payloads to Temporal unencrypted`);
  return undefined;
}
