import type { Actor } from '../domain/commands';
import type { Prisma } from '../generated/prisma/client';
import { visibleTo } from './access';
import type { ListQuery } from './schemas/listing';

/**
 * What GET /applications reads: the caller's visible applications matching the filters, newest
 * first, after the cursor. Each visibility-and-filter pair has an index ending in the listing's
 * order (migration 20261127150100), so a page is read off an index without sorting.
 */
export function listingQuery(query: ListQuery, actor: Actor) {
  const filters: Prisma.ApplicationWhereInput = {
    stage: query.stage,
    bankId: query.bankId,
    agencyId: query.agencyId,
    category: query.category,
    district: query.district,
    submittedAt: { gte: query.submittedFrom, lt: query.submittedTo },
  };
  // Keyset pagination: rows strictly after the cursor in (submittedAt, id) order. The redundant
  // `lte` bound is where PostgreSQL can start the index scan; the OR alone is only a filter, and
  // a deep page would read every newer row before its own.
  const after: Prisma.ApplicationWhereInput = query.cursor
    ? {
        submittedAt: { lte: query.cursor.submittedAt },
        OR: [
          { submittedAt: { lt: query.cursor.submittedAt } },
          { submittedAt: query.cursor.submittedAt, id: { lt: query.cursor.id } },
        ],
      }
    : {};
  return {
    where: { AND: [filters, after, visibleTo(actor)] },
    orderBy: [{ submittedAt: 'desc' }, { id: 'desc' }],
    // One more than the page: whether there is a next page.
    take: query.limit + 1,
    // Only the ids: api/application-read.ts reads the page's rows with their relations in one statement.
    select: { id: true },
  } satisfies Prisma.ApplicationFindManyArgs;
}
