import { type Response, Router } from 'express';
import type { Prisma } from '../../generated/prisma/client';
import { visibleTo } from '../access';
import { submitApplication } from '../application-commands';
import { actorOf, requireRole } from '../auth';
import { notFound } from '../problem';
import { applicationInclude, applicationResource } from '../representation';
import { encodeCursor, idParams, type ListQuery, listQuery } from '../schemas/listing';
import { type SubmissionBody, submissionBody } from '../schemas/submission';
import { deadlineOf } from '../request-deadline';
import { parsed, validate } from '../validate';
import type { RouteContext } from './context';

/** Finds an application the caller may see; any other reads as not found. */
export async function findVisible(context: RouteContext, id: string, res: Response) {
  const row = await context.prisma.application.findFirst({ where: { AND: [{ id }, visibleTo(actorOf(res))] }, include: applicationInclude });
  if (!row) throw notFound(`application ${id}`);
  return row;
}

export function applicationRoutes(context: RouteContext): Router {
  const { prisma, links } = context;
  const router = Router();

  /** A repeat (same agency and agencyReference) answers 200 with the application; only its creating request answers 201. */
  router.post('/', requireRole('agency'), validate('body', submissionBody), async (req, res) => {
    const body = parsed<SubmissionBody>(res, 'body');
    const { id, created } = await submitApplication(context, actorOf(res), body, { requestId: String(req.id), deadline: deadlineOf(res) });
    const row = await findVisible(context, id, res);
    if (created) res.location(links(id).self);
    res.status(created ? 201 : 200).json(applicationResource(row, links(id), actorOf(res)));
  });

  router.get('/', validate('query', listQuery), async (req, res) => {
    const query = parsed<ListQuery>(res, 'query');
    const filters: Prisma.ApplicationWhereInput = {
      stage: query.stage,
      bankId: query.bankId,
      agencyId: query.agencyId,
      category: query.category,
      district: query.district,
      submittedAt: { gte: query.submittedFrom, lt: query.submittedTo },
    };
    // Keyset pagination, newest first: rows strictly after the cursor in (submittedAt, id) order.
    const after: Prisma.ApplicationWhereInput = query.cursor
      ? {
          OR: [
            { submittedAt: { lt: query.cursor.submittedAt } },
            { submittedAt: query.cursor.submittedAt, id: { lt: query.cursor.id } },
          ],
        }
      : {};
    const rows = await prisma.application.findMany({
      where: { AND: [filters, after, visibleTo(actorOf(res))] },
      include: applicationInclude,
      orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    res.json({
      items: page.map((row) => applicationResource(row, links(row.id), actorOf(res))),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    });
  });

  router.get('/:id', validate('params', idParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    res.json(applicationResource(await findVisible(context, id, res), links(id), actorOf(res)));
  });

  return router;
}
