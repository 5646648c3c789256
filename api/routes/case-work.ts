import { type Request, type Response, Router } from 'express';
import type { Prisma } from '../../generated/prisma/client';
import { actorOf, requireRole } from '../auth';
import { commentOn, extendDeadlineOf, reassignCase } from '../case-work-commands';
import { idempotencyOf } from '../idempotency';
import { deadlineOf } from '../request-deadline';
import { applicationInclude, applicationResource } from '../representation';
import { type CommentBody, commentBody, type ExtensionBody, extensionBody, type ReassignmentBody, reassignmentBody } from '../schemas/case-work';
import { idParams } from '../schemas/listing';
import { parsed, validate } from '../validate';
import { findVisible } from './applications';
import type { RouteContext } from './context';

type NoteRow = Prisma.CaseNoteGetPayload<object>;

/** A note on the case: a comment, a deadline extension (and what later case work adds). */
export const noteResource = (row: NoteRow) => ({
  number: row.number,
  kind: row.kind,
  actor: { userId: row.actorUserId, organizationId: row.actorOrgId, role: row.actorRole },
  text: row.text,
  data: row.data,
  occurredAt: row.occurredAt.toISOString(),
  afterSequence: row.afterSequence,
});

/**
 * Case work over HTTP: notes on a case (read by anyone who sees it), comments (by anyone who
 * sees it), deadline extensions and reassignments (by officials). Each answers with the
 * application as it is after the Update.
 */
export function caseWorkRoutes(context: RouteContext): Router {
  const { prisma, fields, links } = context;
  const router = Router();
  const optionsOf = (req: Request, res: Response) => ({ requestId: String(req.id), updateId: idempotencyOf(res)?.updateId, deadline: deadlineOf(res) });
  const answer = async (res: Response, id: string, status: number) => {
    const row = await prisma.application.findUniqueOrThrow({ where: { id }, include: applicationInclude });
    res.status(status).json(applicationResource(row, links(id), actorOf(res), fields));
  };

  router.get('/:id/notes', validate('params', idParams), async (_req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    await findVisible(context, id, res);
    const notes = await prisma.caseNote.findMany({ where: { applicationId: id }, orderBy: { number: 'asc' } });
    res.json({ applicationId: id, notes: notes.map(noteResource) });
  });

  router.post('/:id/comments', validate('params', idParams), validate('body', commentBody), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    await commentOn(context, id, actorOf(res), parsed<CommentBody>(res, 'body').text, optionsOf(req, res));
    await answer(res, id, 201);
  });

  router.post('/:id/deadline-extensions', requireRole('official'), validate('params', idParams), validate('body', extensionBody), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    await extendDeadlineOf(context, id, actorOf(res), parsed<ExtensionBody>(res, 'body'), optionsOf(req, res));
    await answer(res, id, 201);
  });

  router.post('/:id/reassignments', requireRole('official'), validate('params', idParams), validate('body', reassignmentBody), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    await reassignCase(context, id, actorOf(res), parsed<ReassignmentBody>(res, 'body'), optionsOf(req, res));
    await answer(res, id, 201);
  });

  return router;
}
