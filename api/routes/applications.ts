import { createHash } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { StepCommand } from '../../domain/commands';
import { workflowIdFor } from '../../domain/contract';
import { stages } from '../../domain/vocabulary';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { visibleTo } from '../access';
import { actorOf, requireRole } from '../auth';
import { invalidField, notFound } from '../problem';
import { applicationInclude, applicationResource, stepResource } from '../representation';
import { type SubmissionBody, submissionBody } from '../schemas/submission';
import { stepBodies, stepSegments } from '../schemas/steps';
import { parsed, validate } from '../validate';
import type { WorkflowGateway } from '../workflow-gateway';

export interface ApplicationRoutesDependencies {
  prisma: PrismaClient;
  workflows: WorkflowGateway;
  publicBaseUrl: string;
  temporalUiUrl: string;
  namespace: string;
}

/** The application id follows from the agency and its file number, so a resubmission finds the first. */
export function applicationIdFor(agencyId: string, agencyReference: string): string {
  const hex = createHash('sha256').update(`${agencyId}\u0000${agencyReference}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const stepParams = z.strictObject({ id: z.string().min(1).max(64), step: z.enum(Object.keys(stepSegments) as [string, ...string[]]) });
const listQuery = z.strictObject({
  stage: z.enum(stages).optional(),
  bankId: z.string().max(64).optional(),
  agencyId: z.string().max(64).optional(),
  category: z.string().max(64).optional(),
  district: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
});

export function applicationRoutes(deps: ApplicationRoutesDependencies): Router {
  const { prisma, workflows } = deps;
  const router = Router();

  const links = (id: string) => ({
    self: `${deps.publicBaseUrl}/applications/${id}`,
    workflowUi: `${deps.temporalUiUrl}/namespaces/${encodeURIComponent(deps.namespace)}/workflows/${workflowIdFor(id)}`,
  });

  const findVisible = async (id: string, res: Parameters<typeof actorOf>[0]) => {
    const row = await prisma.application.findFirst({ where: { AND: [{ id }, visibleTo(actorOf(res))] }, include: applicationInclude });
    if (!row) throw notFound(`application ${id}`);
    return row;
  };

  router.post('/', requireRole('agency'), validate('body', submissionBody), async (req, res) => {
    const { comment, ...submission } = parsed<SubmissionBody>(res, 'body');
    const actor = actorOf(res);
    const id = applicationIdFor(actor.organizationId, submission.agencyReference);
    const existed = (await prisma.application.count({ where: { id } })) > 0;
    if (!existed) await workflows.submit(id, { actor, submission, ...(comment ? { comment } : {}) });
    const row = await findVisible(id, res);
    res.status(existed ? 200 : 201).location(links(id).self).json(applicationResource(row, links(id)));
  });

  router.get('/', validate('query', listQuery), async (req, res) => {
    const query = parsed<z.infer<typeof listQuery>>(res, 'query');
    const filters: Prisma.ApplicationWhereInput = {
      stage: query.stage,
      bankId: query.bankId,
      agencyId: query.agencyId,
      category: query.category,
      district: query.district,
    };
    const rows = await prisma.application.findMany({
      where: { AND: [filters, visibleTo(actorOf(res))] },
      include: applicationInclude,
      orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    });
    const page = rows.slice(0, query.limit);
    const next = rows.length > query.limit ? page[page.length - 1]?.id : undefined;
    res.json({ items: page.map((row) => applicationResource(row, links(row.id))), nextCursor: next ?? null });
  });

  router.get('/:id', validate('params', idParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    res.json(applicationResource(await findVisible(id, res), links(id)));
  });

  router.get('/:id/steps', validate('params', idParams), async (req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    await findVisible(id, res);
    const steps = await prisma.applicationStep.findMany({ where: { applicationId: id }, orderBy: { sequence: 'asc' } });
    res.json({ applicationId: id, steps: steps.map(stepResource) });
  });

  router.post('/:id/steps/:step', requireRole('agency', 'bank'), validate('params', stepParams), async (req, res) => {
    const { id, step: segment } = parsed<z.infer<typeof stepParams>>(res, 'params');
    const step = stepSegments[segment]!;
    const body = stepBodies[step].safeParse(req.body ?? {});
    if (!body.success) {
      const issue = body.error.issues[0]!;
      throw invalidField(issue.path.map(String).join('.') || 'body', issue.message);
    }
    await findVisibleForStep(id, res);
    const { comment, ...data } = body.data as { comment?: string } & Record<string, unknown>;
    if (step === 'categorize') await requireBank(String(data.bankId));
    const command = { actor: actorOf(res), data, ...(comment ? { comment } : {}) } as StepCommand;
    await workflows.step(id, step, command, req.get('idempotency-key') ?? undefined);
    res.json(applicationResource(await prisma.application.findUniqueOrThrow({ where: { id }, include: applicationInclude }), links(id)));
  });

  /** Only the party that holds the case may act on it; to anyone else it does not exist. */
  async function findVisibleForStep(id: string, res: Parameters<typeof actorOf>[0]) {
    const actor = actorOf(res);
    const row = await prisma.application.findUnique({ where: { id }, select: { agencyId: true, bankId: true } });
    const mayAct = row && (actor.role === 'agency' ? row.agencyId === actor.organizationId : row.bankId === actor.organizationId);
    if (!mayAct) throw notFound(`application ${id}`);
  }

  async function requireBank(bankId: string) {
    const bank = await prisma.organization.findUnique({ where: { id: bankId } });
    if (bank?.kind !== 'bank') throw invalidField('bankId', `${bankId} is not an operating bank`);
  }

  return router;
}
