import { type DeliveryLogger, deliverClaimedEmail } from '../activities/email-delivery';
import { EmailStatus } from '../domain/email-status';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { Mailer } from '../mail/mailer';
import type { Logger } from 'pino';

/**
 * An admin's hand on an email left `unconfirmed` (a worker died mid-send: perhaps delivered,
 * never sent again automatically). Each action is a compare-and-set from `unconfirmed`, in the
 * transaction that records it in email_interventions, so two admins acting at once act once.
 */

export const interventionActions = ['resend', 'mark_delivered'] as const;
export type InterventionAction = (typeof interventionActions)[number];

/** How the API sends a resent email: the same mailer and sender as the worker's. */
export interface EmailMailing {
  mailer: Mailer;
  mailFrom: string;
}

export class InterventionRefusal extends Error {
  constructor(
    readonly reason: 'not_found' | 'not_unconfirmed' | 'no_mailer' | 'not_delivered',
    message: string,
  ) {
    super(message);
    this.name = 'InterventionRefusal';
  }
}

export const emailInclude = {
  recipientStates: { select: { address: true, status: true, lastResponse: true }, orderBy: { address: 'asc' } },
  interventions: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
  application: { select: { agencyReference: true } },
} satisfies Prisma.OutgoingEmailInclude;
export type EmailRow = Prisma.OutgoingEmailGetPayload<{ include: typeof emailInclude }>;

export function emailResource(row: EmailRow) {
  return {
    id: row.id,
    applicationId: row.applicationId,
    messageId: row.messageId,
    subject: row.subject,
    status: row.status,
    recipients: row.recipientStates.map((r) => ({ address: r.address, status: r.status, lastResponse: r.lastResponse })),
    attempts: row.attempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    interventions: row.interventions.map((i) => ({ action: i.action, reason: i.reason, adminUserId: i.adminUserId, at: i.at.toISOString() })),
  };
}

export const emailsWithStatus = (prisma: PrismaClient, status: string, limit: number): Promise<EmailRow[]> =>
  prisma.outgoingEmail.findMany({ where: { status }, include: emailInclude, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: limit });

export interface Intervention {
  emailId: string;
  reason: string;
  adminUserId: string;
}

/** Sets an unconfirmed email `sent` without any mail: the admin knows it arrived. */
export async function markDelivered(prisma: PrismaClient, intervention: Intervention): Promise<EmailRow> {
  await prisma.$transaction(async (tx) => {
    const changed = await tx.outgoingEmail.updateMany({ where: { id: intervention.emailId, status: EmailStatus.Unconfirmed }, data: { status: EmailStatus.Sent } });
    if (changed.count === 0) throw await refusalFor(tx, intervention.emailId);
    await tx.emailIntervention.create({ data: { ...intervention, action: 'mark_delivered' } });
  });
  return prisma.outgoingEmail.findUniqueOrThrow({ where: { id: intervention.emailId }, include: emailInclude });
}

/**
 * Sends an unconfirmed email again on purpose, with the same Message-ID, to the recipients with
 * no verdict yet (deliverClaimedEmail). Nothing retries it afterwards: if some recipient is still
 * unreached, the email is `unconfirmed` again (the earlier send may still have reached them) and
 * the refusal says what the SMTP server answered.
 */
export async function resend(prisma: PrismaClient, mailing: EmailMailing | undefined, intervention: Intervention, logger: DeliveryLogger): Promise<EmailRow> {
  const { emailId } = intervention;
  if (!mailing) {
    // An unknown or settled email is refused as with a mailer; only a resend that could happen is 503.
    const email = await prisma.outgoingEmail.findUnique({ where: { id: emailId }, select: { status: true } });
    if (email?.status !== EmailStatus.Unconfirmed) throw await refusalFor(prisma, emailId);
    throw new InterventionRefusal('no_mailer', 'this API process has no mailer configured, so it cannot resend an email');
  }
  const claimed = await prisma.$transaction(async (tx) => {
    const changed = await tx.outgoingEmail.updateMany({
      where: { id: emailId, status: EmailStatus.Unconfirmed },
      data: { status: EmailStatus.Sending, attempts: { increment: 1 } },
    });
    if (changed.count === 0) throw await refusalFor(tx, emailId);
    await tx.emailIntervention.create({ data: { ...intervention, action: 'resend' } });
    return tx.outgoingEmail.findUniqueOrThrow({ where: { id: emailId } });
  });
  const context = { emailId, applicationId: claimed.applicationId, resentBy: intervention.adminUserId };
  try {
    await deliverClaimedEmail({ prisma, mailer: mailing.mailer, config: { MAIL_FROM: mailing.mailFrom } }, claimed, context, logger);
  } catch (error) {
    await prisma.outgoingEmail.updateMany({
      where: { id: emailId, status: { in: [EmailStatus.Sending, EmailStatus.Failed, EmailStatus.PartlySent] } },
      data: { status: EmailStatus.Unconfirmed },
    });
    const detail = error instanceof Error ? error.message : String(error);
    throw new InterventionRefusal('not_delivered', `the SMTP server did not take the email for every recipient; it is unconfirmed again: ${detail}`.slice(0, 1000));
  }
  return prisma.outgoingEmail.findUniqueOrThrow({ where: { id: emailId }, include: emailInclude });
}

async function refusalFor(tx: Prisma.TransactionClient | PrismaClient, emailId: string): Promise<InterventionRefusal> {
  const email = await tx.outgoingEmail.findUnique({ where: { id: emailId }, select: { status: true } });
  if (!email) return new InterventionRefusal('not_found', `outgoing email ${emailId} was not found`);
  return new InterventionRefusal('not_unconfirmed', `outgoing email ${emailId} is ${email.status}, not unconfirmed: only an unconfirmed email may be resent or marked delivered`);
}

/** A pino logger in the shape deliverClaimedEmail logs with (message, then details). */
export function deliveryLoggerOf(logger: Logger | undefined): DeliveryLogger {
  const at = (level: 'info' | 'warn' | 'error') => (message: string, meta?: Record<string, unknown>) => logger?.[level](meta ?? {}, message);
  return { info: at('info'), warn: at('warn'), error: at('error') };
}
