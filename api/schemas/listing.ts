import { z } from 'zod';
import { categories, districts, stages } from '../../domain/vocabulary';

/** Where a page ends: the last row's submission time and id, as an opaque base64url token. */
export interface Cursor {
  submittedAt: Date;
  id: string;
}

export const encodeCursor = (row: { submittedAt: Date; id: string }): string =>
  Buffer.from(JSON.stringify([row.submittedAt.toISOString(), row.id])).toString('base64url');

const cursor = z
  .string()
  .max(200)
  .transform((token, ctx): Cursor => {
    try {
      const [at, id] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown];
      const submittedAt = new Date(String(at));
      if (typeof id === 'string' && !Number.isNaN(submittedAt.getTime())) return { submittedAt, id };
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
    .meta({ description });

/** GET /applications: filters (all optional, combined with AND) and keyset pagination, newest first. */
export const listQuery = z.strictObject({
  stage: z.enum(stages).optional(),
  bankId: z.string().max(64).optional().meta({ description: 'Organization id of the bank the case is referred to.' }),
  agencyId: z.string().max(64).optional().meta({ description: 'Organization id of the submitting agency.' }),
  category: z.enum(categories).optional(),
  district: z.enum(districts).optional(),
  submittedFrom: instant('Submitted at or after this instant (a bare date means 00:00 UTC).').optional(),
  submittedTo: instant('Submitted before this instant (exclusive).').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursor.optional(),
});

export type ListQuery = z.infer<typeof listQuery>;

export const idParams = z.strictObject({ id: z.string().min(1).max(64) });
