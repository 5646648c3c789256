import { z } from 'zod';
import { emailStatuses } from '../../domain/email-status';
import { identifier, text } from './fields';

/** /admin/emails: emails an admin inspects and settles by hand (those left unconfirmed). */

export const MAX_REASON = 500;

export const emailListQuery = z.strictObject({
  status: z.enum(emailStatuses).default('unconfirmed').meta({ description: 'The outbox status to list; `unconfirmed` (the default) lists the emails a worker died sending.' }),
  limit: z.coerce.number().int().min(1).max(200).default(100).meta({ description: 'At most this many, newest first (1–200, default 100).' }),
});
export type EmailListQuery = z.infer<typeof emailListQuery>;

export const emailParams = z.strictObject({ id: identifier(200).meta({ description: 'The outgoing email’s id.' }) });

export const interventionBody = z.strictObject({
  reason: text(MAX_REASON).meta({ description: 'Why the admin acts: kept in the audit trail (1–500 characters).' }),
});

const instant = z.iso.datetime({ offset: true });

export const interventionResource = z.object({
  action: z.enum(['resend', 'mark_delivered']),
  reason: z.string(),
  adminUserId: z.string(),
  at: instant,
});

export const outgoingEmailResource = z.object({
  id: z.string(),
  applicationId: z.string().nullable(),
  messageId: z.string(),
  subject: z.string(),
  status: z.enum(emailStatuses),
  recipients: z.array(z.object({ address: z.string(), status: z.string(), lastResponse: z.string().nullable() })),
  attempts: z.number().int().meta({ description: 'SMTP exchanges begun for it, by the worker and by resends.' }),
  lastError: z.string().nullable(),
  createdAt: instant,
  sentAt: instant.nullable(),
  interventions: z.array(interventionResource),
});

export const outgoingEmailList = z.object({ items: z.array(outgoingEmailResource) });
