import { z } from 'zod';

/** The OpenAPI document's shared parts: schemas from zod, the answers every operation may give. */

export type JsonSchema = Record<string, unknown>;

export const schemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return json;
};

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
export const problemResponse = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });

export const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 1 } } };

export const errors = {
  400: problemResponse('The request could not be read: malformed JSON, a body not in UTF-8 or nested too deeply, a malformed URL path'),
  401: problemResponse('No API key, or one not valid or revoked'),
  403: problemResponse('The caller’s role may not do this'),
  404: problemResponse('Not found, or not visible to the caller’s organization'),
  422: problemResponse('Validation failed: `errors` names each field'),
  429: { ...problemResponse('Too many requests; see the RateLimit headers'), headers: retryAfter },
  503: { ...problemResponse('No answer within the request deadline (REQUEST_DEADLINE_SECONDS); retry later'), headers: retryAfter },
};

/** What a request with a body may also be answered. */
export const bodyErrors = {
  413: problemResponse('The body is larger than 100 kB'),
  415: problemResponse('The body is not application/json in UTF-8, or its Content-Encoding is not identity, gzip, deflate or br'),
};

export const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'A unique key per intended action (e.g. a UUID), kept 24 h per user. A retry with the same key and body gets the first response again (header `Idempotent-Replayed: true`); the same key with another body is refused with 422; while the first request still runs, 409.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};
export const idempotencyErrors = {
  409: problemResponse('Refused by the workflow (step out of order, already done, the application is closed; an approval past the bank’s remaining lending allocation for the year: `exceeds-lending-limit`), or the same Idempotency-Key is still being processed'),
  503: {
    ...problemResponse('The workflow did not confirm the request within the deadline; it may still complete. Retry after Retry-After seconds with the same Idempotency-Key to get its outcome'),
    headers: retryAfter,
  },
};

export function parametersOf(schema: z.ZodObject, where: 'query' | 'path') {
  const json = schemaOf(schema, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

export const secured = { security: [{ apiKey: [] }] };
