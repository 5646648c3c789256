import type pg from 'pg';

/**
 * What the listing bench asks `GET /applications` for: each role (visibility differs) with no
 * filter, with each filter, with a month's period, and past a deep cursor. Filter values are
 * the rarest the role can see, the hardest case for a plan that scans the listing order and
 * filters as it goes.
 */

export interface Viewer {
  role: 'official' | 'agency' | 'bank';
  organizationId: string;
  apiKey: string;
}

export interface ListingCase {
  name: string;
  viewer: Viewer;
  /** The query string, without the cursor. */
  query: URLSearchParams;
  /** Pages to follow before the measured one (0: the first page). */
  depth: number;
}

const scopeOf = (viewer: Viewer): { sql: string; params: string[] } =>
  viewer.role === 'agency'
    ? { sql: 'agency_id = $1', params: [viewer.organizationId] }
    : viewer.role === 'bank'
      ? { sql: 'bank_id = $1', params: [viewer.organizationId] }
      : { sql: 'TRUE', params: [] };

/** The value of `column` among the rows `viewer` sees, the rarest (`asc`) or the most common (`desc`). */
async function valueOf(sql: pg.Client, viewer: Viewer, column: string, order: 'asc' | 'desc'): Promise<string> {
  const scope = scopeOf(viewer);
  const result = await sql.query<{ value: string }>(
    `SELECT ${column} AS value FROM applications WHERE ${scope.sql} AND ${column} IS NOT NULL
     GROUP BY ${column} ORDER BY count(*) ${order}, ${column} LIMIT 1`,
    scope.params,
  );
  const value = result.rows[0]?.value;
  if (value === undefined) throw new Error(`no ${column} among the applications ${viewer.role} ${viewer.organizationId} sees`);
  return value;
}

/** The organization with the most applications in `column` (agency_id or bank_id). */
export async function busiest(sql: pg.Client, column: 'agency_id' | 'bank_id'): Promise<string> {
  return valueOf(sql, { role: 'official', organizationId: '', apiKey: '' }, column, 'desc');
}

export async function listingCases(sql: pg.Client, viewers: Viewer[], deepPages: number): Promise<ListingCase[]> {
  const cases: ListingCase[] = [];
  for (const viewer of viewers) {
    const add = (name: string, params: Record<string, string>, depth = 0) =>
      cases.push({ name: `${viewer.role} ${name}`, viewer, query: new URLSearchParams(params), depth });
    add('no filter', {});
    add('stage', { stage: await valueOf(sql, viewer, 'stage', 'asc') });
    if (viewer.role !== 'bank') add('bankId', { bankId: await valueOf(sql, viewer, 'bank_id', 'asc') });
    if (viewer.role !== 'agency') add('agencyId', { agencyId: await valueOf(sql, viewer, 'agency_id', 'asc') });
    add('category', { category: await valueOf(sql, viewer, 'category', 'asc') });
    add('district', { district: await valueOf(sql, viewer, 'district', 'asc') });
    add('period (a month)', { submittedFrom: '2026-01-01', submittedTo: '2026-02-01' });
    add(`no filter, page ${deepPages + 1}`, {}, deepPages);
    add(`district, page ${deepPages + 1}`, { district: await valueOf(sql, viewer, 'district', 'desc') }, deepPages);
  }
  return cases;
}
