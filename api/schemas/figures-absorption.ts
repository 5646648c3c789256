import { z } from 'zod';

/** GET /figures/absorption: the year's allocations and targets against what was approved, paid and confirmed. */

const rials = z.string().regex(/^\d+$/).meta({ description: 'Whole rials, as a string of digits.' });
const absorptionRate = z.string().regex(/^\d+\.\d{4}$/);
const organization = { organizationId: z.string(), kind: z.string(), name: z.string(), nameFa: z.string() };

const lending = z.object({
  allocation: rials.nullable().meta({ description: 'The lending allocation for the year; null: none set (no limit).' }),
  approvedAmount: rials.meta({ description: 'Approved in the year (Tehran time), less approvals withdrawn since: what the lending limit counts.' }),
  paidAmount: rials.meta({ description: 'Tranches paid in the year.' }),
  remainingAllocation: z.string().regex(/^-?\d+$/).nullable().meta({ description: 'allocation − approvedAmount; negative when the allocation was lowered below what is approved; null without an allocation.' }),
  absorptionRate: absorptionRate.nullable().meta({ description: 'paidAmount ÷ allocation to four places (may pass 1); null without an allocation.' }),
});
const jobs = z.object({
  target: z.number().int().min(0).nullable().meta({ description: 'The jobs target for the year; null: none set.' }),
  confirmed: z.number().int().min(0).meta({ description: 'Jobs confirmed at follow-up in the year (Tehran time).' }),
  rate: absorptionRate.nullable().meta({ description: 'confirmed ÷ target to four places; null without a target.' }),
});

export const absorptionFiguresResponse = z
  .object({
    period: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), label: z.string().nullable() }),
    banks: z.array(z.object({ ...organization, lending })),
    organizations: z.array(z.object({ ...organization, jobs })).meta({ description: 'Agencies and support institutions.' }),
    county: z.object({ lending, jobs }).meta({
      description: 'Sums of the rows; the allocation, target, remaining allocation and rates are over the organizations that have an allocation or target (null when none has).',
    }),
  })
  .meta({
    description:
      'Per Jalali year only (`year`, or nothing for the current year); a quarter, a month, dates or the listing filters are refused with 422. Officials and admins see every row; a bank or an agency its own row and the county totals. CSV: one row per bank, then per agency, then `county`.',
  });
