import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import request from 'supertest';
import { type ApiHarness, startApiHarness } from './support/api-harness';

const dist = dirname(require.resolve('swagger-ui-dist/package.json'));

let api: ApiHarness;
beforeAll(async () => {
  api = await startApiHarness();
});
afterAll(async () => {
  await api?.stop();
});

/** The CSP's directives as a map, each to its sources in order. */
const directivesOf = (policy: string): Record<string, string[]> =>
  Object.fromEntries(policy.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...sources]) => [name!, sources]));

describe('/docs, the API reference', () => {
  test('is an HTML page that loads Swagger UI and our initializer from this app, with no inline script or style', async () => {
    const res = await request(api.app).get('/docs');
    expect(res.status).toBe(200);
    expect(res.type).toBe('text/html');
    const scripts = [...res.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes]) => /src="([^"]+)"/.exec(attributes!)?.[1])).toEqual(['/docs/swagger-ui-bundle.js', '/docs/docs-init.js']);
    expect(scripts.map(([, , body]) => body!.trim())).toEqual(['', '']);
    expect([...res.text.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1])).toEqual(['/docs/swagger-ui.css', '/docs/docs.css']);
    expect(res.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=|https?:\/\//i);
    expect(res.text).toContain('<main id="swagger-ui">');
  });

  test('has its own CSP: scripts, styles and calls from this origin only, no inline anything, never framed', async () => {
    const res = await request(api.app).get('/docs');
    expect(directivesOf(res.headers['content-security-policy'] ?? '')).toEqual({
      'default-src': ["'none'"],
      'script-src': ["'self'"],
      'style-src': ["'self'"],
      'img-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'form-action': ["'self'"],
      'base-uri': ["'none'"],
      'frame-ancestors': ["'none'"],
    });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test.each([
    ['/docs/swagger-ui-bundle.js', /^(text|application)\/javascript/, 'swagger-ui-bundle.js'],
    ['/docs/swagger-ui.css', /^text\/css/, 'swagger-ui.css'],
  ])('%s is the swagger-ui-dist package’s own file, cached a day and revalidated by its ETag', async (path, type, file) => {
    const res = await request(api.app).get(path).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(type);
    expect(res.headers['cache-control']).toBe('public, max-age=86400');
    expect((res.body as Buffer).equals(readFileSync(join(dist, file)))).toBe(true);
    const again = await request(api.app).get(path).set('If-None-Match', res.headers.etag!);
    expect(again.status).toBe(304);
  });

  test('/docs/docs-init.js starts Swagger UI on /openapi.json with try-it-out and no remembered key; /docs/docs.css is ours', async () => {
    const init = await request(api.app).get('/docs/docs-init.js');
    expect(init.status).toBe(200);
    expect(init.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(init.headers['cache-control']).toBe('public, max-age=3600');
    for (const setting of ["url: '/openapi.json'", "dom_id: '#swagger-ui'", 'tryItOutEnabled: true', 'persistAuthorization: false', 'queryConfigEnabled: false']) {
      expect(init.text).toContain(setting);
    }
    const css = await request(api.app).get('/docs/docs.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.text).toContain('.swagger-ui');
    expect((await request(api.app).get('/docs/docs.css').set('If-None-Match', css.headers.etag!)).status).toBe(304);
  });

  test.each([
    '/docs/../package.json',
    '/docs/%2e%2e/package.json',
    '/docs/..%2fpackage.json',
    '/docs/package.json',
    '/docs/index.html',
    '/docs/swagger-initializer.js',
    '/docs/swagger-ui-bundle.js.map',
    '/docs/swagger-ui-standalone-preset.js',
    '/docs/swagger-ui.css/',
    '/docs/SWAGGER-UI.CSS',
    '/docs/__proto__',
  ])('%s is not one of its files: 404', async (path) => {
    const res = await request(api.app).get(path);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('"name": "swagger-ui-dist"');
  });

  test('the document it shows lets "Authorize" take an API key: a bearer scheme, required by every keyed operation', async () => {
    const doc = (await request(api.app).get('/openapi.json')).body;
    expect(doc.components.securitySchemes).toEqual({ apiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }) });
    expect(doc.paths['/stalled-cases'].get.security).toEqual([{ apiKey: [] }]);
    expect(doc.paths['/applications'].get.security).toEqual([{ apiKey: [] }]);
  });
});
