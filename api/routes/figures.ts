import { type Request, Router } from 'express';
import type { Actor } from '../../domain/commands';
import { type Period, resolvePeriod } from '../../domain/figures/period';
import type { PrismaClient } from '../../generated/prisma/client';
import { actorOf } from '../auth';
import { agencyFigures } from '../figures/agency-figures';
import { bankFigures } from '../figures/bank-figures';
import { figuresCsv } from '../figures/csv';
import { type FiguresQuery, figuresQuery } from '../schemas/figures';
import { parsed, validate } from '../validate';

type Figures = Awaited<ReturnType<typeof bankFigures>> | Awaited<ReturnType<typeof agencyFigures>>;

/**
 * The working group's figures, computed from the database when asked. Officials and admins see
 * every organization's row; a bank or an agency its own row and the county's totals.
 */
export function figureRoutes({ prisma }: { prisma: PrismaClient }): Router {
  const router = Router();
  const serve = (family: 'banks' | 'agencies', compute: (prisma: PrismaClient, period: Period) => Promise<Figures>) =>
    router.get(`/${family}`, validate('query', figuresQuery), async (req, res) => {
      const query = parsed<FiguresQuery>(res, 'query');
      const figures = await compute(prisma, resolvePeriod(query, new Date()));
      const visible = { ...figures, organizations: figures.organizations.filter((row) => sees(actorOf(res), row.organizationId)) };
      if (wantsCsv(req, query)) {
        // Only digits, letters, - and _ (the schema checked the dates), so the name needs no escaping.
        const name = visible.period.label ?? `${query.from}_${query.to}`;
        res
          .set('Content-Disposition', `attachment; filename="figures-${family}-${name}.csv"`)
          .type('text/csv; charset=utf-8')
          .send(figuresCsv(visible.organizations, visible.county));
        return;
      }
      res.json(visible);
    });
  serve('banks', bankFigures);
  serve('agencies', agencyFigures);
  return router;
}

const sees = (actor: Actor, organizationId: string): boolean =>
  actor.role === 'official' || actor.role === 'admin' || actor.organizationId === organizationId;

// `?format` wins; otherwise CSV only when the client prefers it to JSON (a browser's */* gets JSON).
const wantsCsv = (req: Request, query: FiguresQuery): boolean =>
  query.format ? query.format === 'csv' : req.accepts(['application/json', 'text/csv']) === 'text/csv';
