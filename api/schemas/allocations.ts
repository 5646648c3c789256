import { z } from 'zod';
import { MAX_JOBS_TARGET } from '../../domain/allocations';
import { MAX_PERIOD_YEAR, MIN_PERIOD_YEAR } from '../../domain/figures/period';
import { toAsciiDigits } from '../../domain/identity';
import { rialPattern } from '../../domain/rial';
import { organizationId, wholeNumber } from './fields';

/** /allocations: each bank's annual lending allocation and each agency's or institution's jobs target. */

const year = wholeNumber(MIN_PERIOD_YEAR, MAX_PERIOD_YEAR).meta({ description: 'Jalali year, e.g. 1405.' });

export const yearParams = z.strictObject({ year });
export const allocationParams = z.strictObject({ year, organizationId: organizationId.meta({ description: 'The organization’s id.' }) });
export type AllocationParams = z.infer<typeof allocationParams>;

export const lendingAllocationBody = z.strictObject({
  amount: z
    .string({ error: 'must be a string of decimal digits (rials)' })
    .transform((value) => toAsciiDigits(value).trim())
    .refine((value) => rialPattern.test(value), 'must be a whole number of rials, 0 or more, as a string of digits')
    .meta({ description: 'The bank’s lending allocation for the year: whole rials as a string of digits (Persian digits accepted). 0 allows no approval.' }),
});

export const jobsTargetBody = z.strictObject({
  jobsTarget: wholeNumber(0, MAX_JOBS_TARGET).meta({ description: 'The jobs the organization is to create in the year (a whole number, 0 or more).' }),
});

const stamp = {
  updatedAt: z.iso.datetime({ offset: true }).nullable(),
  updatedBy: z.string().nullable().meta({ description: 'The user id of the admin who set it (`cli:…` from the command line).' }),
};
const organization = { organizationId: z.string(), kind: z.string(), name: z.string(), nameFa: z.string() };

export const lendingAllocationResource = z.object({
  year: z.number().int(),
  organizationId: z.string(),
  amount: z.string().regex(/^\d+$/),
  changed: z.boolean().meta({ description: 'False when the allocation already had this amount: nothing was changed or logged.' }),
});
export const jobsTargetResource = z.object({
  year: z.number().int(),
  organizationId: z.string(),
  jobsTarget: z.number().int(),
  changed: z.boolean().meta({ description: 'False when the target already had this value: nothing was changed or logged.' }),
});

export const allocationsResponse = z
  .object({
    year: z.number().int(),
    banks: z.array(z.object({ ...organization, amount: z.string().regex(/^\d+$/).nullable().meta({ description: 'Rials; null: no allocation, no limit.' }), ...stamp })),
    organizations: z.array(z.object({ ...organization, jobsTarget: z.number().int().nullable(), ...stamp })),
    changes: z.array(
      z.object({
        organizationId: z.string(),
        kind: z.enum(['lending_allocation', 'jobs_target']),
        oldValue: z.string().nullable(),
        newValue: z.string(),
        changedBy: z.string(),
        changedAt: z.iso.datetime({ offset: true }),
      }),
    ).meta({ description: 'Every change to the year’s allocations and targets, oldest first.' }),
  })
  .meta({ description: 'Every bank with its lending allocation and every agency and support institution with its jobs target for the year; null where none is set.' });
