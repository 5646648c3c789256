import { dirname, join } from 'node:path';
import { type RequestHandler, Router } from 'express';
import helmet from 'helmet';
import { docsInitScript } from './docs-init';
import { docsCss } from './docs-style';

/**
 * `/docs`: the API reference for integrators, Swagger UI from the `swagger-ui-dist` package
 * (served by the app, never a CDN: the county's network may not reach one), reading /openapi.json,
 * with "Try it out" and "Authorize" taking an API key as `Authorization: Bearer`.
 * Its files are not API operations, so a middleware serves them, not routes, and they stay out
 * of the OpenAPI document as /assets does.
 */
const distFolder = dirname(require.resolve('swagger-ui-dist/package.json'));

/** The package's files the page needs, by the name it asks for them; nothing else in the folder is served. */
const packageFiles = new Map([
  ['/swagger-ui.css', join(distFolder, 'swagger-ui.css')],
  ['/swagger-ui-bundle.js', join(distFolder, 'swagger-ui-bundle.js')],
]);

/** Ours, from this module: the initializer (no inline script) and the contrast repairs. */
const ownFiles = new Map([
  ['/docs-init.js', { type: 'text/javascript; charset=utf-8', body: docsInitScript }],
  ['/docs.css', { type: 'text/css; charset=utf-8', body: docsCss }],
]);

/**
 * Scripts and styles from this app only. Swagger UI's style attributes (its syntax highlighter,
 * its panels) are set by React through the CSSOM, which CSP does not govern, so even styles need
 * no 'unsafe-inline'; its icons are data: URLs in its stylesheet; "Try it out" calls this origin.
 */
export const docsSecurityPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
});

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference: Lahijan employment-loan applications</title>
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="stylesheet" href="/docs/docs.css">
<script src="/docs/swagger-ui-bundle.js" defer></script>
<script src="/docs/docs-init.js" defer></script>
</head>
<body>
<main id="swagger-ui">
<noscript><p>This reference needs JavaScript. The OpenAPI document it shows is at <a href="/openapi.json">/openapi.json</a>.</p></noscript>
</main>
</body>
</html>
`;

const showPage: RequestHandler = (_req, res) => {
  res.type('html').set('Cache-Control', 'no-cache').send(page);
};

/** The package's files are kept a day, then revalidated by their ETag; ours an hour (express adds their ETag). */
const serveFiles: RequestHandler = (req, res, next) => {
  if (req.method !== 'GET' && req.method !== 'HEAD') return next();
  const own = ownFiles.get(req.path);
  if (own) {
    res.type(own.type).set('Cache-Control', 'public, max-age=3600').send(own.body);
    return;
  }
  const file = packageFiles.get(req.path);
  if (!file) return next();
  res.sendFile(file, { maxAge: '1d' }, (error) => {
    if (error && !res.headersSent) next(error);
  });
};

export function docsRoutes(): Router {
  const router = Router();
  router.get('/docs', docsSecurityPolicy, showPage);
  router.use('/docs', serveFiles);
  return router;
}
