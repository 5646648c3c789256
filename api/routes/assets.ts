import { dirname, join } from 'node:path';
import express, { Router } from 'express';
import { consoleCss } from '../pages/assets/console-css';
import { faviconSvg, figuresCss } from '../pages/assets/figures-css';

/**
 * The pages' own assets, served by the app (never a CDN: the county's network may not reach
 * one): the stylesheet and the Vazirmatn font from its npm package. Not API operations, so
 * not in the OpenAPI document.
 */
const fontsFolder = join(dirname(require.resolve('vazirmatn/package.json')), 'fonts', 'webfonts');

export function assetRoutes(): Router {
  const router = Router();
  router.get('/figures.css', (_req, res) => {
    // express adds an ETag, so a revalidation after an hour costs a 304.
    res.type('text/css; charset=utf-8').set('Cache-Control', 'public, max-age=3600').send(figuresCss);
  });
  router.get('/console.css', (_req, res) => {
    res.type('text/css; charset=utf-8').set('Cache-Control', 'public, max-age=3600').send(consoleCss);
  });
  router.get('/favicon.svg', (_req, res) => {
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(faviconSvg);
  });
  router.use('/fonts', express.static(fontsFolder, { index: false, maxAge: '30d', extensions: false, redirect: false }));
  return router;
}
