import express from 'express';
import request from 'supertest';
import { routeLabel, routeLabelOf, trackRouteLabel } from '../../api/route-label';

describe('routeLabel joins the mount path and the route pattern', () => {
  test.each([
    ['/applications', '/:id/steps/:step', '/applications/:id/steps/:step'],
    ['', '/healthz', '/healthz'],
    ['/applications', '/', '/applications'],
    ['', '/', '/'],
    ['/console', ['/a', '/b'], '/console/a|/b'],
  ])('%s + %s → %s', (baseUrl, path, label) => {
    expect(routeLabel(baseUrl, path)).toBe(label);
  });
});

/** A small app shaped like ours: a router mounted at a fixed path, a handler that fails with a 404, a 404 for unknown paths. */
function labellingApp() {
  const labels: string[] = [];
  const app = express();
  app.use((req, res, next) => {
    trackRouteLabel(req);
    res.once('finish', () => labels.push(routeLabelOf(req)));
    next();
  });
  const items = express.Router();
  items.get('/:id', (req, res, next) => (req.params.id === 'missing' ? next(new Error('not found')) : res.json({ id: req.params.id })));
  app.use('/items', items);
  app.use('/static', (_req, res) => void res.send('file'));
  app.use((_req, res) => void res.status(404).end());
  app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => void res.status(404).end());
  return { app, labels };
}

test('a request is labelled by its route pattern, never its URL, even when the handler fails after leaving the router', async () => {
  const { app, labels } = labellingApp();
  await request(app).get('/items/12345').expect(200);
  await request(app).get('/items/missing').expect(404);
  await request(app).get('/static/font.woff2').expect(200);
  await request(app).get('/no/such/path/0013542419').expect(404);
  expect(labels).toEqual(['/items/:id', '/items/:id', '/static/*', 'unmatched']);
});
