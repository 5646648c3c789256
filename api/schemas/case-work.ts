import { z } from 'zod';
import { caseNoteKinds } from '../../domain/application-state';
import { roles } from '../../domain/vocabulary';
import { COMMENT_MAX_LENGTH, EXTENSION_REASON_MAX_LENGTH } from '../../domain/case-notes';
import { REASSIGNMENT_NOTE_MAX_LENGTH, reassignmentReasons } from '../../domain/reassignment';
import { organizationId, text, wholeNumber } from './fields';

/** A comment: `@organization-id` in the text mentions an organization that can see the case. */
export const commentBody = z.strictObject({ text: text(COMMENT_MAX_LENGTH) });
export type CommentBody = z.infer<typeof commentBody>;

/** More working days for whoever holds the case now; the total per wait is capped (MAX_EXTENSION_DAYS). */
export const extensionBody = z.strictObject({ days: wholeNumber(1, 365), reason: text(EXTENSION_REASON_MAX_LENGTH) });
export type ExtensionBody = z.infer<typeof extensionBody>;

export const reassignmentBody = z.strictObject({
  toBankId: organizationId,
  reason: z.enum(reassignmentReasons),
  note: text(REASSIGNMENT_NOTE_MAX_LENGTH).optional(),
  fromBankId: organizationId.optional(),
});
export type ReassignmentBody = z.infer<typeof reassignmentBody>;

/** A note on the case as the API shows it. */
export const caseNote = z.object({
  number: z.number().int(),
  kind: z.enum(caseNoteKinds),
  actor: z.object({ userId: z.string(), organizationId: z.string(), role: z.enum(roles) }),
  text: z.string().nullable(),
  data: z.unknown(),
  occurredAt: z.iso.datetime(),
  afterSequence: z.number().int(),
});

export const noteList = z.object({ applicationId: z.string(), notes: z.array(caseNote) });
