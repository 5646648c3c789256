import { Router } from 'express';
import { z } from 'zod';
import { roles } from '../../domain/vocabulary';
import { requireRole } from '../auth';
import { REFUSALS_SHOWN, type RefusedStepRow, refusalsOf } from '../refused-steps';
import { idParams } from '../schemas/listing';
import { parsed, validate } from '../validate';
import { findVisible } from './applications';
import type { RouteContext } from './context';

export const refusalsQuery = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(REFUSALS_SHOWN)
    .default(REFUSALS_SHOWN)
    .meta({ description: `How many of the most recent refused attempts to return (at most ${REFUSALS_SHOWN}).` }),
});

/** The answer of GET /applications/:id/refusals, for the OpenAPI document. */
export const refusalList = z.object({
  applicationId: z.string(),
  items: z.array(
    z.object({
      step: z.string(),
      actor: z.object({ userId: z.string(), organizationId: z.string(), role: z.enum(roles) }),
      rule: z.string().meta({ description: 'The error code the workflow refused the step with, e.g. STEP_OUT_OF_ORDER.', examples: ['STEP_OUT_OF_ORDER'] }),
      field: z.string().nullable().meta({ description: 'The field at fault, when the rule names one.' }),
      message: z.string(),
      requestId: z.string().nullable().meta({ description: 'The refused request’s X-Request-Id, to find it in the logs.' }),
      refusedAt: z.iso.datetime({ offset: true }),
    }),
  ),
});

const refusalResource = (row: RefusedStepRow) => ({
  step: row.step,
  actor: { userId: row.actorUserId, organizationId: row.actorOrgId, role: row.actorRole },
  rule: row.rule,
  field: row.field,
  message: row.message,
  requestId: row.requestId,
  refusedAt: row.refusedAt.toISOString(),
});

/**
 * The steps the workflow refused on an application, newest first, for the governor's office and
 * those who run the system: who tried what, and which rule stopped it.
 */
export function refusalRoutes(context: RouteContext): Router {
  const router = Router();
  router.get('/:id/refusals', requireRole('official', 'admin'), validate('params', idParams), validate('query', refusalsQuery), async (_req, res) => {
    const { id } = parsed<{ id: string }>(res, 'params');
    const { limit } = parsed<{ limit: number }>(res, 'query');
    await findVisible(context, id, res);
    const rows = await refusalsOf(context.prisma, id, limit);
    res.json({ applicationId: id, items: rows.map(refusalResource) });
  });
  return router;
}
