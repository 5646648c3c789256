import { z } from 'zod';
import { isStorableText } from '../../domain/normalize';
import { categories, districts, stages } from '../../domain/vocabulary';
import { identifier } from './fields';

/** Where a page ends: the last row's submission time and id, as an opaque base64url token. */
export interface Cursor {
  submittedAt: Date;
  id: string;
}

export const encodeCursor = (row: { submittedAt: Date; id: string }): string =>
  Buffer.from(JSON.stringify([row.submittedAt.toISOString(), row.id])).toString('base64url');

/** Years PostgreSQL's timestamps and encodeCursor both handle; year 0000 is ISO's 1 BC, which PostgreSQL refuses. */
const inStoredRange = (at: Date): boolean => at.getUTCFullYear() >= 1 && at.getUTCFullYear() <= 9999;

const cursor = z
  .string()
  .max(200)
  .transform((token, ctx): Cursor => {
    try {
      const [at, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown];
      const submittedAt = new Date(String(at));
      // Only what encodeCursor can have written: an instant PostgreSQL can compare, an id it can store.
      if (typeof id === 'string' && isStorableText(id) && inStoredRange(submittedAt)) return { submittedAt, id };
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
    return z.NEVER;
  })
  .meta({ description: 'The `nextCursor` of the previous page.' });

const instant = (description: string) =>
  z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'must be an ISO 8601 date or date-time' })
    .transform((value) => new Date(value))
    .refine(inStoredRange, 'must be in the years 0001 to 9999 (UTC)')
    .meta({ description });

/** GET /applications: filters (all optional, combined with AND) and keyset pagination, newest first. */
export const listQuery = z.strictObject({
  stage: z.enum(stages).optional(),
  bankId: identifier(64).optional().meta({ description: 'Organization id of the bank the case is referred to.' }),
  agencyId: identifier(64).optional().meta({ description: 'Organization id of the submitting agency.' }),
  category: z.enum(categories).optional(),
  district: z.enum(districts).optional(),
  submittedFrom: instant('Submitted at or after this instant (a bare date means 00:00 UTC).').optional(),
  submittedTo: instant('Submitted before this instant (exclusive).').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursor.optional(),
});

export type ListQuery = z.infer<typeof listQuery>;

export const idParams = z.strictObject({ id: identifier(64) });
