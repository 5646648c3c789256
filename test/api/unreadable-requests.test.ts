import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { type ApiHarness, bearer, startApiHarness } from './support/api-harness';
import { submissionRequest } from './support/bodies';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

// Sent as the bytes given: superagent would otherwise serialize a Buffer as JSON of its own.
const post = (path = '/applications') => request(api.app).post(path).set(bearer(api.keys.agency)).serialize((bytes: unknown) => bytes as string);
const json = (body: object) => Buffer.from(JSON.stringify(body));

/** A 4xx problem+json with this status and problem type, and no application behind it. */
async function expectRefused(res: request.Response, status: number, type: string) {
  expect({ status: res.status, contentType: res.type, type: res.body.type }).toEqual({ status, contentType: 'application/problem+json', type: `/problems/${type}` });
  expect(res.body.detail).not.toMatch(/iconv|zlib|stack|at \//i);
}

describe('a body that cannot be read is refused with a 4xx, never a 500', () => {
  test('a charset other than UTF-8 → 415', async () => {
    const res = await post().set('Content-Type', 'application/json; charset=latin1').send(json(submissionRequest()));
    await expectRefused(res, 415, 'unsupported-charset');
    const utf16 = await post().set('Content-Type', 'application/json; charset="utf-16"').send(json(submissionRequest()));
    await expectRefused(utf16, 415, 'unsupported-charset');
  });

  test('an unknown Content-Encoding → 415', async () => {
    const res = await post().set('Content-Type', 'application/json').set('Content-Encoding', 'compress').send(json(submissionRequest()));
    await expectRefused(res, 415, 'unsupported-content-encoding');
  });

  test('a body that does not decode as its Content-Encoding says → 400; one that does is accepted', async () => {
    const mismatched = await post().set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(json(submissionRequest()));
    await expectRefused(mismatched, 400, 'unreadable-request');
    const gzipped = await post().set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send(gzipSync(json(submissionRequest())));
    expect(gzipped.status).toBe(201);
  });

  test('bytes that are not UTF-8 → 400 instead of being stored as replacement characters', async () => {
    const [before, after] = JSON.stringify(submissionRequest({ agencyReference: 'LHJ-@@' })).split('@@') as [string, string];
    const res = await post().set('Content-Type', 'application/json').send(Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe]), Buffer.from(after)]));
    await expectRefused(res, 400, 'invalid-utf8');
    // An overlong encoding of "/" and a lone surrogate encoded in UTF-8 (CESU) are not UTF-8 either.
    for (const bytes of [[0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      const sneaky = Buffer.concat([Buffer.from('{"purpose":"'), Buffer.from(bytes), Buffer.from('"}')]);
      await expectRefused(await post().set('Content-Type', 'application/json').send(sneaky), 400, 'invalid-utf8');
    }
    expect(await api.harness.prisma.application.count({ where: { agencyReference: { contains: '\ufffd' } } })).toBe(0);
  });

  test.each([
    ['without', {}],
    ['with', { 'Idempotency-Key': 'deep-nesting' }],
  ])('JSON nested 30,000 levels deep, %s an Idempotency-Key → 400', async (_with, headers) => {
    const deep = `{"purpose":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const res = await post().set(headers).set('Content-Type', 'application/json').send(deep);
    await expectRefused(res, 400, 'too-deeply-nested');
    // Thirty levels are refused by the schema, not by the nesting limit.
    const shallow = await post().set(headers).set('Content-Type', 'application/json').send(`{"purpose":${'['.repeat(30)}${']'.repeat(30)}}`);
    expect(shallow.status).toBe(422);
  });
});

describe('a path that cannot be read is refused with 400, never a 500', () => {
  const official = (path: string) => request(api.app).get(path).set(bearer(api.keys.official));

  test.each(['/applications/%E0%A4%A', '/applications/%zz', '/applications/abc%', '/applications/%ED%A0%80/steps'])('malformed percent-encoding: %s → 400', async (path) => {
    await expectRefused(await official(path), 400, 'malformed-path');
  });

  test.each(['/applications/abc%00def', '/applications/%00/steps', '/applications/a%0Ab/history', '/nowhere%00'])('NUL or a control character in the path: %s → 400', async (path) => {
    await expectRefused(await official(path), 400, 'malformed-path');
  });

  test('a step on a path with NUL → 400 and no workflow is touched', async () => {
    const res = await request(api.app).post('/applications/abc%00/steps/withdraw').set(bearer(api.keys.agency)).send({ reason: 'x' });
    await expectRefused(res, 400, 'malformed-path');
  });
});
