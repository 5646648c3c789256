import { z } from 'zod';

/** GET /stalled-cases: keyset pagination over the listing's order, and what it answers. */

/** Where a page ends: the last case's deadline and application id, as an opaque base64url token. */
export interface StalledCursor {
  deadline: Date;
  applicationId: string;
}

export const encodeStalledCursor = (last: StalledCursor): string =>
  Buffer.from(JSON.stringify([last.deadline.toISOString(), last.applicationId])).toString('base64url');

const cursor = z
  .string()
  .max(300)
  .transform((token, ctx): StalledCursor => {
    try {
      const [at, applicationId] = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as [unknown, unknown];
      const deadline = new Date(typeof at === 'string' ? at : Number.NaN);
      // Only what encodeStalledCursor writes: an instant visibility can compare, a plain id.
      const year = deadline.getUTCFullYear();
      if (typeof applicationId === 'string' && /^[\w.-]{1,128}$/.test(applicationId) && year >= 1970 && year <= 9999) {
        return { deadline, applicationId };
      }
    } catch {
      // reported below
    }
    ctx.addIssue({ code: 'custom', message: 'is not a cursor this API returned' });
    return z.NEVER;
  })
  .meta({ description: 'The `nextCursor` of the previous page.' });

export const stalledCasesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: cursor.optional(),
});
export type StalledCasesQuery = z.infer<typeof stalledCasesQuery>;

const instant = z.iso.datetime({ offset: true });

export const stalledCaseList = z.object({
  asOf: instant,
  items: z.array(
    z.object({
      applicationId: z.string(),
      stage: z.string(),
      holdingOrganizationId: z.string().nullable(),
      escalationLevel: z
        .number()
        .int()
        .meta({ description: "0 none yet, 1 reminded, 2 governor's office, 3 province, 4 left to the governor's office (abandoned)" }),
      deadline: instant,
      hoursOverdue: z.number().int(),
      links: z.object({ self: z.string(), workflowUi: z.string() }),
    }),
  ),
  nextCursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page.' }),
});
