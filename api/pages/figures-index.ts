import type { RequestHandler } from 'express';
import { resolvePeriod } from '../../domain/figures/period';
import { periodOf } from '../figures/organizations';
import type { FiguresQuery } from '../schemas/figures';
import { parsed } from '../validate';
import { indexPage } from './figures-pages';
import { pageContext, pageOf, pageRequests, sendPage } from './page-requests';

/**
 * GET /figures: every family of figures, as links (a page with the period chooser, or JSON).
 * Each family's route registers itself through `family`, so a family added later is listed.
 */
export function figuresIndex() {
  const families: string[] = [];
  const index: RequestHandler = (req, res) => {
    const query = parsed<FiguresQuery>(res, 'query');
    if (pageOf(res)) {
      const context = pageContext(req, res, req.baseUrl);
      return sendPage(res, indexPage(families, context, periodOf(resolvePeriod(query, new Date()))));
    }
    res.json({ families: families.map((family) => ({ family, href: `${req.baseUrl}/${family}` })) });
  };
  return {
    family(name: string): RequestHandler {
      families.push(name);
      return pageRequests();
    },
    pageRequests: pageRequests(),
    index,
  };
}
