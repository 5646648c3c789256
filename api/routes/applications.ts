import { type Response, Router } from 'express';
import { submitApplication } from '../application-commands';
import { readApplication, readApplicationPage } from '../application-read';
import { actorOf, requireRole } from '../auth';
import { listingQuery } from '../listing-query';
import { notFound } from '../problem';
import { applicationResource } from '../representation';
import { encodeCursor, idParams, type ListQuery, listQuery } from '../schemas/listing';
import { type SubmissionBody, submissionBody } from '../schemas/submission';
import { deadlineOf } from '../request-deadline';
import { parsed, validate } from '../validate';
import type { RouteContext } from './context';

/** Finds an application the caller may see, in one query; any other reads as not found. */
export async function findVisible(context: RouteContext, id: string, res: Response) {
  const row = await readApplication(context.prisma, id, actorOf(res));
  if (!row) throw notFound(`application ${id}`);
  return row;
}

export function applicationRoutes(context: RouteContext): Router {
  const { prisma, fields, links } = context;
  const router = Router();

  /** A repeat (same agency and agencyReference) answers 200 with the application; only its creating request answers 201. */
  router.post('/', requireRole('agency'), validate('body', submissionBody), async (req, res) => {
    const body = parsed<SubmissionBody>(res, 'body');
    const { id, created } = await submitApplication(context, actorOf(res), body, { requestId: String(req.id), deadline: deadlineOf(res) });
    const row = await findVisible(context, id, res);
    if (created) res.location(links(id).self);
    res.status(created ? 201 : 200).json(applicationResource(row, links(id), actorOf(res), fields));
  });

  router.get('/', validate('query', listQuery), async (req, res) => {
    const query = parsed<ListQuery>(res, 'query');
    const found = await prisma.application.findMany(listingQuery(query, actorOf(res)));
    const page = await readApplicationPage(prisma, found.slice(0, query.limit).map((row) => row.id));
    const last = page[page.length - 1];
    res.json({
      items: page.map((row) => applicationResource(row, links(row.id), actorOf(res), fields)),
      nextCursor: found.length > query.limit && last ? encodeCursor(last) : null,
    });
  });

  router.get('/:id', validate('params', idParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    res.json(applicationResource(await findVisible(context, id, res), links(id), actorOf(res), fields));
  });

  return router;
}
