import { Prisma } from '../../generated/prisma/client';

/**
 * The listing's filters (GET /applications), on every family of figures: each restricts the
 * applications counted, and every figure counts only steps, tranches and escalations of those.
 * `stage` is the application's stage now, as in the listing.
 */
export interface FiguresFilters {
  stage?: string | undefined;
  bankId?: string | undefined;
  agencyId?: string | undefined;
  category?: string | undefined;
  district?: string | undefined;
}

export const filterNames = ['stage', 'bankId', 'agencyId', 'category', 'district'] as const;

// The column of each filter: fixed fragments, never text from the request.
const columns: Record<(typeof filterNames)[number], Prisma.Sql> = {
  stage: Prisma.sql`a.stage`,
  bankId: Prisma.sql`a.bank_id`,
  agencyId: Prisma.sql`a.agency_id`,
  category: Prisma.sql`a.category`,
  district: Prisma.sql`a.district`,
};

/** The filters given, and only those, for the answer to say what it counted. */
export const filtersGiven = (query: FiguresFilters): FiguresFilters =>
  Object.fromEntries(filterNames.flatMap((name) => (query[name] === undefined ? [] : [[name, query[name]]])));

/** `AND …` on the applications aliased `a`, one clause per filter given; nothing without filters. */
export function whereApplications(filters: FiguresFilters): Prisma.Sql {
  const clauses = filterNames.flatMap((name) => {
    const value = filters[name];
    return value === undefined ? [] : [Prisma.sql`${columns[name]} = ${value}`];
  });
  return clauses.length === 0 ? Prisma.empty : Prisma.sql`AND ${Prisma.join(clauses, ' AND ')}`;
}
