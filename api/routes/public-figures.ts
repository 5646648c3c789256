import { Router } from 'express';
import { z } from 'zod';
import { resolvePeriod } from '../../domain/figures/period';
import type { PrismaClient } from '../../generated/prisma/client';
import { agencyFigures } from '../figures/agency-figures';
import { bankFigures } from '../figures/bank-figures';
import { figuresCsv, wantsCsv } from '../figures/csv';
import { districtFigures } from '../figures/spread-figures';
import { pageAware, pageContext, pageErrors, pageOf, pageRequests, sendPage } from '../pages/page-requests';
import { publicSummaryPage } from '../pages/public-summary';
import { type FiguresQuery, figuresQuery } from '../schemas/figures';
import { parsed, validate } from '../validate';

/**
 * GET /public/figures: what anyone may check, without a key — the county's totals and each
 * bank's, agency's and district's totals, for the same periods and filters as /figures. Only
 * aggregates are read, never an application, an applicant or an id of either.
 */
const rials = z.string().regex(/^\d+$/).meta({ description: 'Whole rials, as a string of digits.' });
const count = z.number().int().min(0);
const names = { organizationId: z.string(), kind: z.string(), name: z.string(), nameFa: z.string() };
const spread = { applications: count, approvals: count, approvedAmount: rials, paidAmount: rials, jobsPromised: count, jobsConfirmed: count };

export const publicFiguresResponse = z
  .object({
    period: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }).meta({ description: 'Exclusive.' }), label: z.string().nullable() }),
    county: z.object(spread).meta({ description: 'Applications submitted, approvals and amounts in the period, county-wide.' }),
    banks: z.array(z.object({ ...names, referred: count, approved: count, approvedAmount: rials, paidAmount: rials, rejected: count })),
    agencies: z.array(z.object({ ...names, submitted: count, jobsPromised: count, jobsConfirmed: count })).meta({ description: 'Agencies and support institutions.' }),
    districts: z.array(z.object({ district: z.string(), ...spread })),
  })
  .meta({ description: 'Aggregates only: no applicant, no application and no id of either.' });
export type PublicFigures = z.infer<typeof publicFiguresResponse>;

export async function publicFigures(prisma: PrismaClient, query: FiguresQuery): Promise<PublicFigures> {
  const period = resolvePeriod(query, new Date());
  const [banks, agencies, districts] = await Promise.all([bankFigures(prisma, period, query, { timings: false }), agencyFigures(prisma, period, query), districtFigures(prisma, period, query)]);
  const named = ({ organizationId, kind, name, nameFa }: z.infer<z.ZodObject<typeof names>>) => ({ organizationId, kind, name, nameFa });
  const total = (reasons: Record<string, number>) => Object.values(reasons).reduce((sum, n) => sum + n, 0);
  return {
    period: districts.period,
    county: pick(districts.county),
    banks: banks.organizations.map((b) => ({ ...named(b), referred: b.referred, approved: b.approved.count, approvedAmount: b.approved.amount, paidAmount: b.paid.amount, rejected: total(b.rejectedByReason) })),
    agencies: agencies.organizations.map((a) => ({ ...named(a), submitted: a.submitted, jobsPromised: a.jobsPromised, jobsConfirmed: a.jobsConfirmed })),
    districts: districts.districts.map((d) => ({ district: d.district, ...pick(d) })),
  };
}

const pick = (row: z.infer<z.ZodObject<typeof spread>>) => ({
  applications: row.applications,
  approvals: row.approvals,
  approvedAmount: row.approvedAmount,
  paidAmount: row.paidAmount,
  jobsPromised: row.jobsPromised,
  jobsConfirmed: row.jobsConfirmed,
});

/** One CSV row per bank, agency and district, then the county: the columns a family has not are empty. */
function publicCsv(figures: PublicFigures): string {
  const columns = { group: '', id: '', name: '', nameFa: '', referred: null, submitted: null, applications: null, approvals: null, approvedAmount: null, paidAmount: null, rejected: null, jobsPromised: null, jobsConfirmed: null };
  const rows = [
    ...figures.banks.map(({ organizationId, kind: _kind, approved, ...b }) => ({ ...columns, group: 'bank', id: organizationId, ...b, approvals: approved })),
    ...figures.agencies.map(({ organizationId, kind, ...a }) => ({ ...columns, group: kind, id: organizationId, ...a })),
    ...figures.districts.map(({ district, ...d }) => ({ ...columns, group: 'district', id: district, ...d })),
  ];
  return figuresCsv(rows, { ...columns, ...figures.county }, { group: 'county', id: 'county', name: 'County total', nameFa: 'جمع شهرستان' });
}

export function publicFigureRoutes({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();
  router.get('/', pageRequests({ htmlByDefault: true }), validate('query', pageAware(figuresQuery)), async (req, res) => {
    const query = parsed<FiguresQuery>(res, 'query');
    const figures = await publicFigures(prisma, query);
    if (pageOf(res)) return sendPage(res, publicSummaryPage(figures, pageContext(req, res)));
    if (wantsCsv(req, query.format)) {
      const name = figures.period.label ?? `${query.from}_${query.to}`;
      res.set('Content-Disposition', `attachment; filename="public-figures-${name}.csv"`).type('text/csv; charset=utf-8').send(publicCsv(figures));
      return;
    }
    res.json(figures);
  });
  router.use(pageErrors);
  return router;
}
