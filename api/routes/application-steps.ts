import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { StepName } from '../../domain/commands';
import { checkHolder, takeStep } from '../application-commands';
import { readApplication } from '../application-read';
import { cancelPendingItem } from '../case-work-commands';
import { deliveriesOf } from '../escalation-delivery';
import { actorOf, requireRole } from '../auth';
import { idempotencyOf } from '../idempotency';
import { deadlineOf } from '../request-deadline';
import { notFound } from '../problem';
import { applicationResource, escalationResource, stepResource } from '../representation';
import { idParams } from '../schemas/listing';
import { cancelPendingBody, stepBodies, stepSegments } from '../schemas/steps';
import { parsed, validate } from '../validate';
import { findVisible } from './applications';
import type { RouteContext } from './context';

export const stepParams = z.strictObject({
  id: idParams.shape.id,
  step: z.enum(Object.keys(stepSegments) as [string, ...string[]]),
});
type StepParams = z.infer<typeof stepParams>;

const stepOf = (res: Response): StepName => stepSegments[parsed<StepParams>(res, 'params').step]!;

/** The audit trail of an application, and the human steps taken on it. */
export function applicationStepRoutes(context: RouteContext): Router {
  const { prisma, fields, links } = context;
  const router = Router();

  router.get('/:id/steps', validate('params', idParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    await findVisible(context, id, res);
    const [steps, escalations] = await Promise.all([
      prisma.applicationStep.findMany({ where: { applicationId: id }, orderBy: { sequence: 'asc' } }),
      prisma.escalation.findMany({ where: { applicationId: id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    ]);
    const deliveries = await deliveriesOf(prisma, escalations);
    res.json({ applicationId: id, steps: steps.map((step) => stepResource(step, fields)), escalations: escalations.map((e) => escalationResource(e, deliveries.get(e.escalationKey))) });
  });

  /** The application as the step left it, in one query: the step's response. */
  const readBack = async (id: string) => {
    const row = await readApplication(prisma, id);
    if (!row) throw notFound(`application ${id}`);
    return row;
  };

  /** Only the party that holds the case may act on it (see checkHolder); to anyone else it does not exist. */
  const holderOnly = async (_req: Request, res: Response, next: NextFunction) => {
    await checkHolder(prisma, parsed<StepParams>(res, 'params').id, actorOf(res), stepOf(res));
    next();
  };

  // Four eyes: a pending tranche or approval cancelled by a user of the bank that holds the case.
  for (const [segment, kind] of [['cancel-tranche', 'cancelTranche'], ['cancel-approval', 'cancelApproval']] as const) {
    router.post(`/:id/steps/${segment}`, requireRole('bank'), validate('params', idParams), validate('body', cancelPendingBody), async (req, res) => {
      const { id } = parsed<{ id: string }>(res, 'params');
      const actor = actorOf(res);
      const { reason } = parsed<{ reason: string }>(res, 'body');
      await cancelPendingItem(context, id, actor, kind, reason, { requestId: String(req.id), updateId: idempotencyOf(res)?.updateId, deadline: deadlineOf(res) });
      const row = await readBack(id);
      res.json(applicationResource(row, links(id), actor, fields));
    });
  }

  router.post(
    '/:id/steps/:step',
    requireRole('agency', 'bank'),
    validate('params', stepParams),
    holderOnly,
    validate('body', (res) => stepBodies[stepOf(res)]),
    async (req, res) => {
      const { id } = parsed<StepParams>(res, 'params');
      const body = parsed<{ comment?: string } & Record<string, unknown>>(res, 'body');
      // The Update id is the idempotency record's id: a retry taken over after a crash reaches
      // the same Update, while the same key reused after expiry or by another user does not.
      const { awaitingConfirmation } = await takeStep(context, id, stepOf(res), actorOf(res), body, {
        requestId: String(req.id),
        updateId: idempotencyOf(res)?.updateId,
        deadline: deadlineOf(res),
      });
      const row = await readBack(id);
      // Four eyes: recorded, not taken; the application's pendingTranche / pendingApproval says so.
      res.status(awaitingConfirmation ? 202 : 200).json(applicationResource(row, links(id), actorOf(res), fields));
    },
  );

  return router;
}
