import type { LoadedDataConverter, Payload } from '@temporalio/common';
import type { PayloadJson, PayloadsJson } from './history-json';

/** Reads a payload of the history into the value the workflow wrote, or undefined. */
export type PayloadReader = <T>(payload: PayloadJson | undefined) => Promise<T | undefined>;

const bytes = (base64: string | null | undefined): Uint8Array | undefined =>
  base64 === null || base64 === undefined ? undefined : Buffer.from(base64, 'base64');

function payloadOf(json: PayloadJson): Payload {
  const metadata = Object.fromEntries(Object.entries(json.metadata ?? {}).map(([key, value]) => [key, bytes(value)!]));
  return { metadata, data: bytes(json.data) ?? null };
}

/**
 * A reader through the client's own converter: its codecs (decrypting, decompressing) and then
 * its payload converter, as the client would read a workflow result.
 */
export function payloadReader(converter: LoadedDataConverter): PayloadReader {
  return async <T>(json: PayloadJson | undefined): Promise<T | undefined> => {
    if (!json) return undefined;
    try {
      let payloads = [payloadOf(json)];
      // Codecs encode first to last, so they decode last to first.
      for (const codec of [...converter.payloadCodecs].reverse()) payloads = await codec.decode(payloads);
      const [decoded] = payloads;
      return decoded ? converter.payloadConverter.fromPayload<T>(decoded) : undefined;
    } catch {
      return undefined; // a payload this converter cannot read stays in the raw events
    }
  };
}

/** The first payload of a list: every argument and result the workflow records is one value. */
export const firstOf =
  (read: PayloadReader) =>
  <T>(payloads: PayloadsJson | undefined): Promise<T | undefined> =>
    read<T>(payloads?.payloads?.[0]);
