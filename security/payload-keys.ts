import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The keys that encrypt Temporal payloads: `PAYLOAD_KEYS` is a comma-separated list of
 * `id:base64-of-32-bytes`. The first encrypts every new payload; all of them decrypt, so a key is
 * rotated by putting a new one first and keeping the old ones until their histories are gone.
 */
export interface PayloadKeyring {
  current: { id: string; key: Buffer };
  byId: ReadonlyMap<string, Buffer>;
}

export class PayloadKeysError extends Error {}

const KEY_BYTES = 32;
const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

export function parsePayloadKeys(text: string, variable = 'PAYLOAD_KEYS'): PayloadKeyring {
  const entries = text.split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) throw new PayloadKeysError(`${variable}: at least one key is needed, as id:base64-of-32-bytes`);
  const byId = new Map<string, Buffer>();
  for (const entry of entries) {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at);
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    if (at < 1 || !keyIdPattern.test(id)) throw new PayloadKeysError(`${variable}: "${id || entry.slice(0, 8)}…" needs an id of letters, digits, . _ - before its colon`);
    if (key.length !== KEY_BYTES) throw new PayloadKeysError(`${variable}: key ${id} must be ${KEY_BYTES} bytes in base64 (it has ${key.length})`);
    if (byId.has(id)) throw new PayloadKeysError(`${variable}: key id ${id} appears twice`);
    byId.set(id, key);
  }
  const [firstId, firstKey] = byId.entries().next().value as [string, Buffer];
  return { current: { id: firstId, key: firstKey }, byId };
}

/** A new `id:base64` entry for PAYLOAD_KEYS, its id the day it was made (e.g. k20261127). */
export function newPayloadKey(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `k${day}-${randomBytes(3).toString('hex')}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

export const PAYLOAD_KEYS_FILE = 'payload-keys.txt';

/**
 * Without PAYLOAD_KEYS (the embedded `npm start`), the keys live in DATA_DIR, made on first run,
 * so the history written before a restart stays readable after it.
 */
export function payloadKeysInDataDir(dataDir: string): Promise<string> {
  return keyFileInDataDir(dataDir, PAYLOAD_KEYS_FILE, newPayloadKey);
}

/** A key file in DATA_DIR, its text made by `create` on first run (and kept by whoever wrote it first). */
export async function keyFileInDataDir(dataDir: string, fileName: string, create: () => string): Promise<string> {
  const file = path.join(dataDir, fileName);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const created = create();
  // 'wx': two processes starting at once keep the first one's key.
  await writeFile(file, `${created}\n`, { mode: 0o600, flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  return (await readFile(file, 'utf8')).trim();
}
