import { Router } from 'express';
import type { AllocationKind } from '../../domain/allocations';
import type { PrismaClient } from '../../generated/prisma/client';
import { AllocationRefusal, allocationsOf, setAllocation } from '../allocation-store';
import { actorOf, requireRole } from '../auth';
import { HttpProblem, notFound } from '../problem';
import { type AllocationParams, allocationParams, jobsTargetBody, lendingAllocationBody, yearParams } from '../schemas/allocations';
import { parsed, validate } from '../validate';

/**
 * Annual allocations, for admins only: a bank's lending allocation and an agency's or support
 * institution's jobs target, per Jalali year. PUT sets the value (again and again: the same
 * value changes nothing); GET reads the year's values and their changes.
 */
export function allocationRoutes({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();
  router.use(requireRole('admin'));

  router.get('/:year', validate('params', yearParams), async (_req, res) => {
    res.json(await allocationsOf(prisma, parsed<{ year: number }>(res, 'params').year));
  });

  const put = async (kind: AllocationKind, params: AllocationParams, value: string, changedBy: string) => {
    try {
      return await setAllocation(prisma, kind, { ...params, value, changedBy });
    } catch (error) {
      if (!(error instanceof AllocationRefusal)) throw error;
      if (error.reason === 'unknown_organization') throw notFound(`organization ${params.organizationId}`);
      throw new HttpProblem(422, 'wrong-organization-kind', error.message, [{ field: 'params.organizationId', message: error.message }]);
    }
  };

  router.put('/:year/banks/:organizationId', validate('params', allocationParams), validate('body', lendingAllocationBody), async (_req, res) => {
    const params = parsed<AllocationParams>(res, 'params');
    const { amount } = parsed<{ amount: string }>(res, 'body');
    const outcome = await put('lending_allocation', params, amount, actorOf(res).userId);
    res.json({ year: outcome.year, organizationId: outcome.organizationId, amount: outcome.value, changed: outcome.changed });
  });

  router.put('/:year/organizations/:organizationId', validate('params', allocationParams), validate('body', jobsTargetBody), async (_req, res) => {
    const params = parsed<AllocationParams>(res, 'params');
    const { jobsTarget } = parsed<{ jobsTarget: number }>(res, 'body');
    const outcome = await put('jobs_target', params, String(jobsTarget), actorOf(res).userId);
    res.json({ year: outcome.year, organizationId: outcome.organizationId, jobsTarget: Number(outcome.value), changed: outcome.changed });
  });
  return router;
}
