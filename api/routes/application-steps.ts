import { WorkflowNotFoundError } from '@temporalio/client';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { type StepCommand, type StepName, stepPerformer } from '../../domain/commands';
import { isFinalStage, type Stage } from '../../domain/vocabulary';
import { actorOf, requireRole } from '../auth';
import { idempotencyOf } from '../idempotency';
import { forbidden, HttpProblem, invalidField, notFound } from '../problem';
import { deadlineOf } from '../request-deadline';
import { applicationInclude, applicationResource, escalationResource, stepResource } from '../representation';
import { idParams } from '../schemas/listing';
import { stepBodies, stepSegments } from '../schemas/steps';
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
  const { prisma, workflows, links } = context;
  const router = Router();

  router.get('/:id/steps', validate('params', idParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    await findVisible(context, id, res);
    const [steps, escalations] = await Promise.all([
      prisma.applicationStep.findMany({ where: { applicationId: id }, orderBy: { sequence: 'asc' } }),
      prisma.escalation.findMany({ where: { applicationId: id }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
    ]);
    res.json({ applicationId: id, steps: steps.map(stepResource), escalations: escalations.map(escalationResource) });
  });

  /**
   * Only the party that holds the case may act on it; to anyone else it does not exist. A closed
   * application is refused here, as its workflow may have ended and no longer takes Updates.
   */
  const holderOnly = async (req: Request, res: Response, next: NextFunction) => {
    const { id } = parsed<StepParams>(res, 'params');
    const actor = actorOf(res);
    const row = await prisma.application.findUnique({ where: { id }, select: { agencyId: true, bankId: true, stage: true } });
    const holds = row && (actor.role === 'agency' ? row.agencyId === actor.organizationId : row.bankId === actor.organizationId);
    if (!holds) throw notFound(`application ${id}`);
    const step = stepOf(res);
    if (stepPerformer[step] !== actor.role) throw forbidden(`${step} is done by the ${stepPerformer[step]}, not by a ${actor.role} user`);
    if (isFinalStage(row.stage as Stage)) throw closed(step, row.stage);
    next();
  };

  router.post(
    '/:id/steps/:step',
    requireRole('agency', 'bank'),
    validate('params', stepParams),
    holderOnly,
    validate('body', (res) => stepBodies[stepOf(res)]),
    async (req, res) => {
      const { id } = parsed<StepParams>(res, 'params');
      const step = stepOf(res);
      const { comment, ...data } = parsed<{ comment?: string } & Record<string, unknown>>(res, 'body');
      if (step === 'categorize') await requireBank(String(data.bankId));
      const command = { actor: actorOf(res), data, requestId: String(req.id), ...(comment ? { comment } : {}) } as StepCommand;
      // The Update id is the idempotency record's id: a retry taken over after a crash reaches
      // the same Update, while the same key reused after expiry or by another user does not.
      try {
        await workflows.step(id, step, command, { updateId: idempotencyOf(res)?.updateId, deadline: deadlineOf(res) });
      } catch (error) {
        // The workflow of a closed application ends: it closed between the check above and the call.
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        const row = await prisma.application.findUnique({ where: { id }, select: { stage: true } });
        throw row && isFinalStage(row.stage as Stage) ? closed(step, row.stage) : error;
      }
      const row = await prisma.application.findUniqueOrThrow({ where: { id }, include: applicationInclude });
      res.json(applicationResource(row, links(id)));
    },
  );

  async function requireBank(bankId: string) {
    const bank = await prisma.organization.findUnique({ where: { id: bankId } });
    if (bank?.kind !== 'bank') throw invalidField('bankId', `${bankId} is not an operating bank`);
  }

  return router;
}

const closed = (step: StepName, stage: string): HttpProblem =>
  new HttpProblem(409, 'step-out-of-order', `${step} is not possible: the application is closed (stage ${stage})`);
