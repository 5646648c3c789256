import { deflateSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import type { z } from 'zod';

/**
 * Request bodies that no route may accept: each arbitrary here yields bytes and headers that are
 * refused with a 4xx whatever the route and the caller, given the route's own schema.
 */

export interface BodyPart {
  body: Buffer;
  headers: Record<string, string>;
  what: string;
}

const json = (value: unknown, what: string, contentType = 'application/json'): BodyPart => ({
  body: Buffer.from(JSON.stringify(value)),
  headers: { 'Content-Type': contentType },
  what,
});

/** Text that is never storable: a NUL or a lone surrogate somewhere in arbitrary text. */
export const unstorableText = fc
  .tuple(fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom('\u0000', '\ud800', '\udfff', '\udbff'), fc.string({ unit: 'binary', maxLength: 20 }))
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** Characters refused in names and references (but not in free text, hence only combined with those fields). */
export const spoofingText = fc
  .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u202e', '\u202d', '\u2066', '\u2069', '\u200f', '\u200e', '\u061c', '\u0007', '\u001b', '\u0085', '\u2028'), fc.string({ maxLength: 10 }))
  .map(([a, bad, b]) => `${a}${bad}${b}`);

/** Values wrong for every field of every body: the wrong shape, an unstorable string, numbers out of every range. */
const alwaysWrong: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant({}),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 3 }),
  fc.constant([]),
  fc.array(unstorableText, { minLength: 1, maxLength: 3 }),
  unstorableText,
  fc.constantFrom(1e21, -1e21, 1.5, -7.25, 5e-324, 1.7976931348623157e308, -1e308, 123456789, 2 ** 53 + 2),
);

/** A copy of `body` changed so that `schema` refuses it; checked with the schema itself. */
export function brokenJson(schema: z.ZodType, body: Record<string, unknown>, identifierKeys: readonly string[]): fc.Arbitrary<BodyPart> {
  const keys = Object.keys(body);
  const required = keys.filter((key) => !(schema as z.ZodObject).shape?.[key]?.safeParse(undefined).success);
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('unknown key' as const), key: fc.string({ maxLength: 12 }).filter((k) => !keys.includes(k) && k !== 'comment' && k !== '__proto__'), value: fc.jsonValue({ maxDepth: 2 }) }),
    fc.record({ op: fc.constant('wrong value' as const), key: fc.constantFrom(...keys, 'comment'), value: alwaysWrong }),
    ...(required.length > 0 ? [fc.record({ op: fc.constant('missing' as const), key: fc.constantFrom(...required), value: fc.constant(undefined) })] : []),
    ...(identifierKeys.length > 0 ? [fc.record({ op: fc.constant('spoofed reference' as const), key: fc.constantFrom(...identifierKeys), value: spoofingText })] : []),
    fc.record({ op: fc.constant('array body' as const), key: fc.constant(''), value: fc.constant(undefined) }),
  );
  return mutation.map(({ op, key, value }) => {
    const changed: Record<string, unknown> = { ...body };
    if (op === 'missing') delete changed[key];
    else if (op !== 'array body') changed[key] = value;
    const sent = op === 'array body' ? [body] : changed;
    // Whatever the mutation did, the body must be one the schema refuses; an unknown key always is.
    const refused = !schema.safeParse(JSON.parse(JSON.stringify(sent))).success;
    return json(refused ? sent : { ...changed, '\u0000unknown': 1 }, `${op} ${JSON.stringify(key)}`);
  });
}

/** Bytes that are not a JSON object this API reads: bad JSON, primitives, bad UTF-8, depth, size. */
export function unreadableJson(valid: Record<string, unknown>): fc.Arbitrary<BodyPart> {
  const text = JSON.stringify(valid);
  const raw = (body: string | Buffer, what: string, contentType = 'application/json'): BodyPart => ({ body: Buffer.from(body), headers: { 'Content-Type': contentType }, what });
  return fc.oneof(
    fc.integer({ min: 1, max: text.length - 1 }).map((cut) => raw(text.slice(0, cut), 'truncated JSON')),
    fc.constantFrom("{'a':1}", '{"a":NaN}', '{"a":1,}', '{"a":undefined}', '{a:1}', '{"a":1}}', '\u0000{}', '{"a":"\u0000', 'nul', '{"\\ud800":1', '{"a":"\\u12"}').map((t) => raw(t, 'malformed JSON')),
    fc.constantFrom('1', '"text"', 'null', 'true', '-0', '1e999', '""').map((t) => raw(t, 'a JSON primitive')),
    fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]).map((bytes) => {
      const [before, after] = JSON.stringify({ ...valid, comment: '@@' }).split('"@@"') as [string, string];
      return raw(Buffer.concat([Buffer.from(`${before}"`), Buffer.from(bytes), Buffer.from(`"${after}`)]), 'invalid UTF-8');
    }),
    fc.integer({ min: 33, max: 20_000 }).map((depth) => raw(`{"comment":${'['.repeat(depth)}${']'.repeat(depth)}}`, `nested ${depth} deep`)),
    fc.integer({ min: 101_000, max: 140_000 }).map((size) => raw(JSON.stringify({ ...valid, comment: 'x'.repeat(size) }), 'over 100 kB')),
  );
}

/** A body with a media type, charset or content coding the API does not read. */
export function unreadableEncoding(validText: string, brokenText: string): fc.Arbitrary<BodyPart> {
  const body = Buffer.from(validText);
  return fc.oneof(
    fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/jsonx', 'json', '*/*').map((type) => ({ body, headers: { 'Content-Type': type }, what: `Content-Type ${type}` })),
    fc.constant({ body, headers: {}, what: 'no Content-Type' }),
    fc.constantFrom('latin1', 'utf-16', 'UTF-16LE', 'us-ascii', 'koi8-r', 'utf-32', 'bogus', '').map((charset) => ({ body, headers: { 'Content-Type': `application/json; charset=${charset}` }, what: `charset ${charset}` })),
    fc.constantFrom('compress', 'x-gzip', 'zstd2', 'gzip, gzip', 'identity, br', 'exi').map((coding) => ({ body, headers: { 'Content-Type': 'application/json', 'Content-Encoding': coding }, what: `Content-Encoding ${coding}` })),
    fc.constantFrom('gzip', 'deflate', 'br').map((coding) => ({ body, headers: { 'Content-Type': 'application/json', 'Content-Encoding': coding }, what: `plain bytes said to be ${coding}` })),
    fc.constantFrom('gzip', 'deflate').map((coding) => ({
      body: (coding === 'gzip' ? gzipSync : deflateSync)(Buffer.from(brokenText)),
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': coding },
      what: `${coding} of a refused body`,
    })),
  );
}
