import { Router } from 'express';
import type { Weekday } from '../../domain/calendar';
import type { Actor } from '../../domain/commands';
import { type Period, resolvePeriod } from '../../domain/figures/period';
import type { PrismaClient } from '../../generated/prisma/client';
import { actorOf } from '../auth';
import { absorptionFigures, ownAbsorption } from '../figures/absorption';
import { agencyFigures } from '../figures/agency-figures';
import { bankFigures } from '../figures/bank-figures';
import { countyKeys, figuresCsv, wantsCsv } from '../figures/csv';
import { seesOrganization } from '../figures/organizations';
import type { FiguresFilters } from '../figures/filters';
import { fairDistribution, fairDistributionTable } from '../figures/fair-distribution';
import { categoryFigures, districtFigures } from '../figures/spread-figures';
import { figuresIndex } from '../pages/figures-index';
import { figuresPage } from '../pages/figures-pages';
import { pageAware, pageContext, pageErrors, pageOf, sendPage } from '../pages/page-requests';
import { type FiguresQuery, figuresQuery } from '../schemas/figures';
import { parsed, validate } from '../validate';

interface Answer { period: { from: string; to: string; label: string | null }; county: object }
/** The part of an answer the caller may see, and its rows and county key for CSV. */
interface Shown<A> { body: A; rows: object[]; countyKey: object }

/**
 * The working group's figures, computed from the database when asked. Officials and admins see
 * every organization's row; a bank or an agency its own row and the county's totals. The rows
 * per category and per district are the county's own, and everyone who may ask sees them all.
 */
export function figureRoutes({ prisma, weekend }: { prisma: PrismaClient; /** The working calendar's days off (config WEEKEND); default Friday. */ weekend?: readonly Weekday[] }): Router {
  const router = Router();
  // Each family is also a page (HTML when asked for: ?format=html or Accept: text/html).
  const pages = figuresIndex();
  const serve = <A extends Answer>(family: string, compute: (prisma: PrismaClient, period: Period, filters: FiguresFilters) => Promise<A>, show: (answer: A, actor: Actor) => Shown<A>) =>
    router.get(`/${family}`, pages.family(family), validate('query', pageAware(figuresQuery)), async (req, res) => {
      const query = parsed<FiguresQuery>(res, 'query');
      const { body, rows, countyKey } = show(await compute(prisma, resolvePeriod(query, new Date()), query), actorOf(res));
      if (pageOf(res)) return sendPage(res, figuresPage(family, { body, rows }, pageContext(req, res, req.baseUrl)));
      if (wantsCsv(req, query.format)) {
        // Only digits, letters, - and _ (the schema checked the dates), so the name needs no escaping.
        const name = body.period.label ?? `${query.from}_${query.to}`;
        res
          .set('Content-Disposition', `attachment; filename="figures-${family}-${name}.csv"`)
          .type('text/csv; charset=utf-8')
          .send(figuresCsv(rows, body.county, countyKey));
        return;
      }
      res.json(body);
    });
  serve('banks', (db, period, filters) => bankFigures(db, period, filters, weekend ? { weekend } : {}), ownOrganizations);
  serve('agencies', agencyFigures, ownOrganizations);
  serve('categories', categoryFigures, (answer) => ({ body: answer, rows: answer.categories, countyKey: countyKeys.category }));
  serve('districts', districtFigures, (answer) => ({ body: answer, rows: answer.districts, countyKey: countyKeys.district }));
  serve('absorption', absorptionFigures, ownAbsorption);
  serve('fair-distribution', fairDistribution, (answer) => ({ body: answer, ...fairDistributionTable(answer) }));
  router.get('/', pages.pageRequests, validate('query', pageAware(figuresQuery)), pages.index);
  router.use(pageErrors);
  return router;
}

function ownOrganizations<A extends Answer & { organizations: { organizationId: string }[] }>(answer: A, actor: Actor): Shown<A> {
  const organizations = answer.organizations.filter((row) => seesOrganization(actor, row.organizationId));
  return { body: { ...answer, organizations }, rows: organizations, countyKey: countyKeys.organization };
}
