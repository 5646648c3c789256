import { Router } from 'express';
import { actorOf } from '../auth';
import { encodeStalledCursor, type StalledCasesQuery, stalledCasesQuery } from '../schemas/stalled-cases';
import { parsed, validate } from '../validate';
import { byDeadlineThenId } from '../workflow-gateway';
import type { RouteContext } from './context';

/**
 * Cases past their deadline, the longest overdue first, a page at a time. Officials and admins
 * see all of them; an agency or a bank the stalled cases it holds.
 */
export function stalledCaseRoutes({ workflows, links }: Pick<RouteContext, 'workflows' | 'links'>): Router {
  const router = Router();
  router.get('/', validate('query', stalledCasesQuery), async (_req, res) => {
    const { limit, cursor } = parsed<StalledCasesQuery>(res, 'query');
    const actor = actorOf(res);
    const now = new Date();
    const holder = actor.role === 'agency' || actor.role === 'bank' ? actor.organizationId : undefined;
    const all = await workflows.stalledCases({ now, holder, ...(cursor ? { from: cursor.deadline } : {}) });
    // Strictly after the cursor in the listing's order, so a page never repeats the one before.
    const rest = cursor ? all.filter((c) => byDeadlineThenId(c, cursor) > 0) : all;
    const page = rest.slice(0, limit);
    const last = page[page.length - 1];
    res.json({
      asOf: now.toISOString(),
      items: page.map((c) => ({
        ...c,
        deadline: c.deadline.toISOString(),
        hoursOverdue: Math.floor((now.getTime() - c.deadline.getTime()) / 3_600_000),
        links: links(c.applicationId),
      })),
      nextCursor: rest.length > limit && last ? encodeStalledCursor(last) : null,
    });
  });
  return router;
}
