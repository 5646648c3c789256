import type { Request } from 'express';

/** The label of a request that no route or mounted handler answered (the 404 of an unknown path). */
export const UNMATCHED = 'unmatched';

/**
 * A route's pattern with the path its router is mounted at: `/applications/:id/steps/:step`,
 * never the URL itself, so a metric's labels hold no ids or personal data and stay few.
 * Every router in `api/` is mounted at a fixed path, so `baseUrl` holds no parameter's value.
 */
export function routeLabel(baseUrl: string, routePath: unknown): string {
  const pattern = Array.isArray(routePath) ? routePath.map(String).join('|') : String(routePath);
  const joined = `${baseUrl}${pattern === '/' ? '' : pattern}`;
  return joined === '' ? '/' : joined;
}

const labels = new WeakMap<Request, string>();

/**
 * Watches for the route Express matches and labels the request then: an error that leaves the
 * router afterwards (a 404 from a handler) restores `req.baseUrl`, so reading both at the end
 * would lose the mount path.
 */
export function trackRouteLabel(req: Request): void {
  let route: unknown = req.route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set(value: { path?: unknown } | undefined) {
      route = value;
      if (value?.path !== undefined) labels.set(req, routeLabel(req.baseUrl, value.path));
    },
  });
}

/**
 * The request's label once answered: its route's, else the mount that answered it without a
 * route (static files: `/assets/fonts/*`), else `unmatched`.
 */
export function routeLabelOf(req: Request): string {
  const label = labels.get(req);
  if (label) return label;
  return req.baseUrl ? `${req.baseUrl}/*` : UNMATCHED;
}
