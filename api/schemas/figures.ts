import { z } from 'zod';
import { MAX_PERIOD_YEAR, MIN_PERIOD_YEAR, PeriodError, resolvePeriod } from '../../domain/figures/period';
import { categories, districts, rejectionReasons, reviewSteps } from '../../domain/vocabulary';
import { bankStepKinds } from '../figures/bank-step-times';
import { listQuery } from './listing';

/** GET /figures/banks, /agencies, /categories and /districts: the period, the format, and what they answer. */

const whole = (min: number, max: number, description: string) => z.coerce.number().int().min(min).max(max).optional().meta({ description });

export const figuresQuery = z
  .strictObject({
    from: z.string().max(10).optional().meta({ description: 'First day (YYYY-MM-DD), from 00:00 Tehran time; with `to`.' }),
    to: z.string().max(10).optional().meta({ description: 'Day after the last (YYYY-MM-DD, exclusive), 00:00 Tehran time; with `from`.' }),
    year: whole(MIN_PERIOD_YEAR, MAX_PERIOD_YEAR, 'Jalali year, e.g. 1405. Without any period parameter: the current Jalali year.'),
    quarter: whole(1, 4, 'Jalali quarter (1 = Farvardin to Khordad); with `year`.'),
    month: whole(1, 12, 'Jalali month (1 = Farvardin); with `year`.'),
    format: z.enum(['json', 'csv']).optional().meta({ description: 'csv for a spreadsheet (also chosen by `Accept: text/csv`).' }),
    // The listing's own filters, word for word: each restricts the applications counted.
    ...listQuery.pick({ stage: true, bankId: true, agencyId: true, category: true, district: true }).shape,
  })
  // The combinations (quarter without year, from without to, …) are refused here, on the
  // parameter at fault, once each parameter is valid on its own (one error per field); the
  // handler resolves the period again with the clock of the request.
  .superRefine(
    (query, ctx) => {
      try {
        resolvePeriod(query, new Date());
      } catch (error) {
        if (!(error instanceof PeriodError)) throw error;
        ctx.addIssue({ code: 'custom', path: [error.field], message: error.message });
      }
    },
    { when: (payload) => payload.issues.length === 0 },
  );
export type FiguresQuery = z.infer<typeof figuresQuery>;

const rials = z.string().regex(/^\d+$/).meta({ description: 'Whole rials, as a string of digits.' });
const count = z.number().int().min(0);
const period = z.object({
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }).meta({ description: 'Exclusive.' }),
  label: z.string().nullable().meta({ description: 'The Jalali period (1405, 1405-Q2, 1405-03); null for explicit dates.' }),
});
const organization = { organizationId: z.string(), kind: z.string(), name: z.string(), nameFa: z.string() };
const filters = listQuery
  .pick({ stage: true, bankId: true, agencyId: true, category: true, district: true })
  .meta({ description: 'The filters of the request, only those given: the applications counted.' });
const workingDays = z.number().min(0).nullable().meta({ description: 'Working days to two places; null when no wait ended in the period.' });
const stepTime = z.object({ waits: count.meta({ description: 'Waits that ended in the period.' }), median: workingDays, p90: workingDays });

const bankCounts = z.object({
  referred: count,
  acknowledged: count,
  inReviewNow: z.object(Object.fromEntries(reviewSteps.map((s) => [s, count]))),
  informationRequestsOpenNow: count,
  approved: z.object({ count, amount: rials }),
  rejectedByReason: z.object(Object.fromEntries(rejectionReasons.map((r) => [r, count]))),
  contractsSigned: count,
  reassignedAway: count.meta({ description: 'Cases an official reassigned from this bank to another in the period: an obstacle of this bank. The new bank counts the case as referred.' }),
  paid: z.object({ tranches: count, amount: rials }),
  approvedUnpaidAmount: rials,
  pendingTranches: z.object({ count, amount: rials }).meta({
    description: 'Four eyes: tranches recorded by one bank user and not yet confirmed by a second, now. They are not paid (not in `paid`) until confirmed.',
  }),
  workingDaysPerStep: z.object(Object.fromEntries(bankStepKinds.map((k) => [k, stepTime]))).meta({
    description:
      'Per step of the bank (its review steps, then `disbursement`: each wait for the contract or the next tranche), the working days the waits that ended in the period took: median and 90th percentile (percentile_cont). A wait runs from the step that gave the case to the bank to the next step; the time the agency spent answering an information request is left out. Working days are Tehran days off the weekend and public holidays; a part-day counts as its hours ÷ 24, and a wait begun on a day off counts from the next working day.',
  }),
  stalledNow: count.meta({ description: 'Cases waiting on the bank now for which the escalation ladder has recorded a notice of this very wait (its deadline passed).' }),
  escalations: count,
});

const agencyCounts = z.object({
  submitted: count,
  categorized: count,
  returnedForDocuments: count,
  ineligible: count,
  withdrawn: count,
  waitingNow: count,
  jobsPromised: count,
  jobsConfirmed: count,
  followedUp: count.meta({ description: 'Of the applications submitted in the period, those whose jobs were confirmed at follow-up.' }),
  jobsPromisedFollowedUp: count.meta({ description: 'Jobs promised by those followed up: against jobsConfirmed, the gap between promise and result.' }),
  shareOfCountyJobsConfirmed: z.string().regex(/^\d\.\d{4}$/),
});

const description = 'Counts of steps in the period; fields ending in `Now` are the state at the time of the request.';
export const bankFiguresResponse = z
  .object({ period, filters, organizations: z.array(bankCounts.extend(organization)), county: bankCounts })
  .meta({ description });
export const agencyFiguresResponse = z
  .object({ period, filters, organizations: z.array(agencyCounts.extend(organization)), county: agencyCounts })
  .meta({ description });

const spreadCounts = z.object({
  applications: count.meta({ description: 'Submitted in the period.' }),
  approvals: count.meta({ description: 'Approved in the period.' }),
  approvedAmount: rials.meta({ description: 'Approved amount of the approvals in the period: whole rials, as a string of digits.' }),
  paidAmount: rials.meta({ description: 'Tranches paid in the period: whole rials, as a string of digits.' }),
  jobsPromised: count.meta({ description: 'Of the applications submitted in the period.' }),
  jobsConfirmed: count.meta({ description: 'Of the applications submitted in the period, confirmed at follow-up so far.' }),
});
const spreadDescription = 'The county\'s own figures, the same for every caller; the county row is the sum of the rows.';
export const categoryFiguresResponse = z
  .object({ period, filters, categories: z.array(spreadCounts.extend({ category: z.enum(categories) })), county: spreadCounts })
  .meta({ description: `${spreadDescription} Applications without a category yet are not counted.` });
export const districtFiguresResponse = z
  .object({ period, filters, districts: z.array(spreadCounts.extend({ district: z.enum(districts) })), county: spreadCounts })
  .meta({ description: `${spreadDescription} By the application's district.` });
