import { Router } from 'express';
import { actorOf } from '../auth';
import type { RouteContext } from './context';

/**
 * Cases past their deadline. Officials and admins see all of them; an agency or a bank the
 * stalled cases it holds.
 */
export function stalledCaseRoutes({ workflows, links }: Pick<RouteContext, 'workflows' | 'links'>): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const actor = actorOf(res);
    const now = new Date();
    const holder = actor.role === 'agency' || actor.role === 'bank' ? actor.organizationId : undefined;
    const cases = await workflows.stalledCases(now, holder);
    res.json({
      asOf: now.toISOString(),
      items: cases.map((c) => ({
        ...c,
        deadline: c.deadline.toISOString(),
        hoursOverdue: Math.floor((now.getTime() - c.deadline.getTime()) / 3_600_000),
        links: links(c.applicationId),
      })),
    });
  });
  return router;
}
