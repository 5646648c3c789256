import { Router } from 'express';
import { z } from 'zod';
import { buildTimeline, historyEvents, type TimelineEntry } from '../history';
import { requireRole } from '../auth';
import { idParams } from '../schemas/listing';
import { parsed, validate } from '../validate';
import { findVisible } from './applications';
import type { RouteContext } from './context';

export const historyQuery = z.strictObject({
  raw: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true')
    .meta({ description: 'Also return the raw Temporal history events, as proto JSON.' }),
});

/**
 * The application's full workflow history as a readable timeline, for those who run the system
 * and the governor's office: every step with who took it, the timers, the reminders and
 * escalations, persistence, retries. Built from Temporal's own history on each request.
 */
export function historyRoutes(context: RouteContext): Router {
  const { prisma, workflows, links } = context;
  const router = Router();

  router.get('/:id/history', requireRole('admin', 'official'), validate('params', idParams), validate('query', historyQuery), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    const { raw } = parsed<{ raw: boolean }>(res, 'query');
    await findVisible(context, id, res);
    const found = await workflows.history(id);
    const events = historyEvents(found.history);
    const timeline = await buildTimeline(events, found.dataConverter, found.pendingActivities);
    res.json({
      applicationId: id,
      workflowId: found.workflowId,
      runId: found.runId,
      status: found.status,
      links: links(id),
      timeline: await withOrganizationNames(timeline),
      ...(raw ? { events } : {}),
    });
  });

  /** "Which organization" in words: actors carry only the organization's id. */
  async function withOrganizationNames(timeline: TimelineEntry[]): Promise<TimelineEntry[]> {
    const ids = [...new Set(timeline.flatMap((entry) => (entry.actor ? [entry.actor.organizationId] : [])))];
    if (ids.length === 0) return timeline;
    const organizations = await prisma.organization.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
    const names = new Map(organizations.map((o) => [o.id, o.name]));
    return timeline.map((entry) => {
      const name = entry.actor && names.get(entry.actor.organizationId);
      return name && entry.actor ? { ...entry, actor: { ...entry.actor, organizationName: name } } : entry;
    });
  }

  return router;
}
