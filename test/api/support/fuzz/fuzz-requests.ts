import { parse as parseQuery } from 'node:querystring';
import fc from 'fast-check';
import type { z } from 'zod';
import { openApiDocument } from '../../../../api/openapi';
import { historyQuery } from '../../../../api/routes/history';
import { figuresQuery } from '../../../../api/schemas/figures';
import { listQuery } from '../../../../api/schemas/listing';
import { stalledCasesQuery } from '../../../../api/schemas/stalled-cases';
import { stepBodies, stepSegments } from '../../../../api/schemas/steps';
import { submissionBody } from '../../../../api/schemas/submission';
import type { StepName } from '../../../../domain/commands';
import type { ApiHarness } from '../api-harness';
import { stepRequests, submissionRequest } from '../bodies';
import { brokenJson, type BodyPart, unreadableEncoding, unreadableJson } from './fuzz-bodies';
import { couldTake, type FuzzCaller, fuzzCallers, sees, type Target } from './fuzz-world';

/** One request as it goes on the wire, and what was done to it. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  what: string;
  /** The operation aimed at (`POST /applications/{id}/steps/approve`) and by whom. */
  endpoint: string;
  caller: FuzzCaller;
}

/** Every operation of the OpenAPI document: the routes the app serves (a test checks they agree). */
export interface Endpoint {
  method: 'GET' | 'POST';
  template: string;
  authenticated: boolean;
  step?: StepName;
}

export function endpoints(): Endpoint[] {
  const paths = openApiDocument('http://fuzz.test').paths as Record<string, Record<string, { security?: unknown; operationId?: string }>>;
  return Object.entries(paths).flatMap(([template, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const segment = /\/steps\/([^/]+)$/.exec(template)?.[1];
      return { method: method.toUpperCase() as 'GET' | 'POST', template, authenticated: operation.security !== undefined, ...(segment ? { step: stepSegments[segment]! } : {}) };
    }),
  );
}

const identifierKeys = ['agencyReference', 'bankId', 'contractNumber', 'paymentReference'];
const junkSegment = fc.oneof(
  fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }).map(encodeURIComponent),
  fc.constantFrom('%zz', '%', '%E0%A4%A', '%00', '%0A', '%7F', '%C2%85', '%ED%A0%80', '%E2%80%AE', '..', '%2e%2e', '%2F', 'a'.repeat(300), '%F0%9F%98%80'),
);
const malformedPercent = fc.constantFrom('%zz', '%', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF', '%00', '%0D%0A', '%1B', '%C2%9B');
// Cursors are base64url JSON: tokens that decode, but to what the API never wrote.
const forgedCursors = [['0000-01-01T00:00:00Z', 'x'], ['2026-01-01T00:00:00Z', 'a\u0000b'], ['+275760-09-13T00:00:00Z', 'x'], [null, null], ['2026-01-01', 'x'.repeat(150)], { at: 1 }, 'x'].map((value) =>
  Buffer.from(JSON.stringify(value)).toString('base64url'),
);
const queryJunk = fc.oneof(fc.string({ maxLength: 20, unit: 'grapheme' }).map(encodeURIComponent), fc.constantFrom(...forgedCursors), fc.constantFrom('%00', '%ED%A0%80', '%zz', '', '0', '-1', '201', '1e999', 'NaN', '0000-01-01', '10000-01-01', '2026-13-45', 'closed%00', '%E2%80%AE'));
const figureFamilies = ['banks', 'agencies', 'categories', 'districts', 'fair-distribution', 'absorption'];
const figuresKeys = ['from', 'to', 'year', 'quarter', 'month', 'format', 'stage', 'bankId', 'agencyId', 'category', 'district'];
const queryKeys: Record<string, string[]> = {
  '/applications': ['stage', 'bankId', 'agencyId', 'category', 'district', 'submittedFrom', 'submittedTo', 'limit', 'cursor'],
  '/applications/{id}/history': ['raw'],
  '/stalled-cases': ['limit', 'cursor'],
  ...Object.fromEntries(figureFamilies.map((family) => [`/figures/${family}`, figuresKeys])),
};
const querySchemas: Record<string, z.ZodType> = {
  '/applications': listQuery,
  '/applications/{id}/history': historyQuery,
  '/stalled-cases': stalledCasesQuery,
  ...Object.fromEntries(figureFamilies.map((family) => [`/figures/${family}`, figuresQuery])),
};

function authHeaders(api: ApiHarness, caller: FuzzCaller): fc.Arbitrary<Record<string, string>> {
  switch (caller) {
    case 'none':
      return fc.constant({});
    case 'unknownKey':
      return fc.string({ minLength: 1, maxLength: 60 }).map((k) => ({ Authorization: `Bearer lk_${encodeURIComponent(k)}` }));
    case 'revokedKey':
      return fc.constant({ Authorization: `Bearer ${api.revokedKey}` });
    case 'garbledHeader':
      return fc.constantFrom<Record<string, string>>(
        { Authorization: 'Bearer' },
        { Authorization: `Basic ${Buffer.from('agency:secret').toString('base64')}` },
        { Authorization: `Bearer ${api.keys.agency} extra` },
        { Authorization: `Bearer ${api.keys.bank}x` },
        { Authorization: `Token ${api.keys.admin}` },
        { 'X-Api-Key': `${api.keys.official.slice(0, -1)}` },
      );
    default: {
      const key = api.keys[caller];
      return fc.constantFrom<Record<string, string>>({ Authorization: `Bearer ${key}` }, { Authorization: `bearer  ${key}` }, { 'X-Api-Key': key });
    }
  }
}

/** Whether the well-formed request could be answered 2xx; then only a malformed one may be sent. */
function couldSucceed(endpoint: Endpoint, caller: FuzzCaller, target: Target): boolean {
  if (!endpoint.authenticated) return true;
  if (!['agency', 'otherAgency', 'bank', 'otherBank', 'official', 'admin'].includes(caller)) return false;
  const role = caller.replace(/^other/, '').toLowerCase();
  if (endpoint.step) return couldTake(caller, endpoint.step, endpoint.template.split('/').pop()!, target);
  if (endpoint.method === 'POST') return role === 'agency';
  if (endpoint.template.endsWith('/history')) return (role === 'admin' || role === 'official') && sees(caller, target);
  if (endpoint.template.includes('{id}')) return sees(caller, target);
  return true;
}

interface Context {
  all: Endpoint[];
  endpoint: Endpoint;
  caller: FuzzCaller;
  target: Target;
  auth: Record<string, string>;
  idempotencyKey: string | undefined;
}

/** Arbitrary requests across every endpoint and caller, each one broken or out of turn. */
export function fuzzRequests(api: ApiHarness, targets: Target[]): fc.Arbitrary<FuzzRequest> {
  const all = endpoints();
  const keyPool = ['fuzz-key-1', 'fuzz-key-2', 'fuzz-key-3', 'fuzz-key-4'];
  const garbledKeys = ['has space', 'x'.repeat(256), 'caf\u00e9', '', '\t'];
  return fc
    .record({
      endpoint: fc.constantFrom(...all),
      // Mostly callers who authenticate, so that requests get past authentication to the routes.
      caller: fc.oneof({ arbitrary: fc.constantFrom(...fuzzCallers.slice(0, 6)), weight: 4 }, { arbitrary: fc.constantFrom(...fuzzCallers.slice(6)), weight: 1 }),
      target: fc.constantFrom(...targets),
      idempotencyKey: fc.option(fc.constantFrom(...keyPool, ...garbledKeys), { freq: 2 }),
    })
    .chain(({ endpoint, caller, target, idempotencyKey }) =>
      authHeaders(api, caller).chain((auth) => requestFor({ all, endpoint, caller, target, auth, idempotencyKey: idempotencyKey ?? undefined })),
    );
}

function requestFor(context: Context): fc.Arbitrary<FuzzRequest> {
  const { all, endpoint, caller, target } = context;
  const path = endpoint.template.replace('{id}', target.id);
  const [schema, valid] = endpoint.step
    ? [stepBodies[endpoint.step] as z.ZodType, stepRequests[path.split('/').pop()!] as Record<string, unknown>]
    : [submissionBody as z.ZodType, submissionRequest() as Record<string, unknown>];
  const base = (what: string, part?: BodyPart, method: string = endpoint.method, at: string = path): FuzzRequest => ({
    method,
    path: at,
    headers: { ...context.auth, ...(part?.headers ?? {}), ...(context.idempotencyKey !== undefined ? { 'Idempotency-Key': context.idempotencyKey } : {}) },
    ...(part ? { body: part.body } : {}),
    what: `${caller} ${what}${part ? ` (${part.what})` : ''}`,
    endpoint: `${endpoint.method} ${endpoint.template}`,
    caller,
  });
  const kinds: Array<fc.WeightedArbitrary<FuzzRequest>> = [];
  const add = (weight: number, arbitrary: fc.Arbitrary<FuzzRequest>) => kinds.push({ arbitrary, weight });
  const withBody = endpoint.method === 'POST' && endpoint.authenticated;
  if (!couldSucceed(endpoint, caller, target)) {
    const validBody: BodyPart | undefined = withBody ? { body: Buffer.from(JSON.stringify(valid)), headers: { 'Content-Type': 'application/json; charset=utf-8' }, what: 'a valid body' } : undefined;
    add(4, fc.constant(base('out of turn, wrong party or not allowed', validBody)));
  }
  const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !all.some((e) => e.template === endpoint.template && e.method === m));
  add(1, fc.constantFrom(...methods).map((method) => base(`with method ${method}`, undefined, method)));
  add(1, malformedPercent.map((bad) => base(`path with ${bad}`, undefined, endpoint.method, insertAt(path, bad))));
  add(1, junkSegment.map((junk) => base(`path ending in /${junk}`, undefined, endpoint.method, `${path}/${junk}`)));
  if (endpoint.template.includes('{id}')) add(1, junkSegment.map((junk) => base(`id ${junk}`, undefined, endpoint.method, endpoint.template.replace('{id}', junk))));
  if (endpoint.step) add(1, junkSegment.map((junk) => base(`step ${junk}`, undefined, 'POST', path.replace(/[^/]+$/, junk))));
  const keys = queryKeys[endpoint.template];
  if (keys && endpoint.authenticated) add(4, badQuery(keys, querySchemas[endpoint.template]!).map((query) => base(`query ${query}`, undefined, 'GET', `${path}?${query}`)));
  if (withBody) {
    const broken = JSON.stringify({ ...valid, '\u0000': true });
    add(6, brokenJson(schema, valid, identifierKeys).map((part) => base('body', part)));
    add(2, unreadableJson(valid).map((part) => base('body', part)));
    add(2, unreadableEncoding(JSON.stringify(valid), broken).map((part) => base('body', part)));
  }
  return fc.oneof(...kinds);
}

/** Puts `bad` into the path: inside a segment or as one of its own. */
const insertAt = (path: string, bad: string): string => {
  const slash = path.indexOf('/', 1);
  return slash === -1 ? `${path}${bad}` : `${path.slice(0, slash)}${bad}${path.slice(slash)}`;
};

/** A query string that the route's schema refuses (an unknown parameter is added when the junk happens to be valid). */
function badQuery(keys: string[], schema: z.ZodType): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 }).map(encodeURIComponent)), queryJunk), { minLength: 1, maxLength: 4 })
    .map((pairs) => {
      const query = pairs.map(([k, v]) => `${k}=${v}`).join('&');
      return schema.safeParse(parseQuery(query)).success ? `${query}&unknown=1` : query;
    });
}
