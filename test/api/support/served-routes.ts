import type { Express } from 'express';
import type { Mount } from '../../../api/app';
import { stepSegments } from '../../../api/schemas/steps';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

/** Every `METHOD /path` the app serves, with path parameters written as OpenAPI does. */
export function servedRoutes(app: Express): string[] {
  const routes: string[] = [];
  for (const mount of app.locals.mounts as Mount[]) {
    const walk = (stack: Layer[]) => {
      for (const layer of stack) {
        if (layer.route) {
          const path = `${mount.path.replace(/\/$/, '')}${layer.route.path}`.replace(/\/$/, '') || '/';
          for (const method of Object.keys(layer.route.methods)) {
            for (const expanded of expand(path)) routes.push(`${method.toUpperCase()} ${expanded}`);
          }
        } else if (layer.handle?.stack) {
          walk(layer.handle.stack);
        }
      }
    };
    walk((mount.router as unknown as { stack: Layer[] }).stack);
  }
  return routes.sort();
}

// `/:id/steps/:step` is one route in Express and one path per step in the document.
function expand(path: string): string[] {
  const paths = path.includes(':step') ? Object.keys(stepSegments).map((s) => path.replace(':step', s)) : [path];
  return paths.map((p) => p.replace(/:(\w+)/g, '{$1}'));
}
