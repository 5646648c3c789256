import { createHash } from 'node:crypto';
import { ApplicationFailure, log } from '@temporalio/activity';
import { z } from 'zod';
import { EmailStatus } from '../domain/email-status';
import { initialsOf } from '../domain/initials';
import type { ReassignmentReason } from '../domain/reassignment';
import type { PrismaClient } from '../generated/prisma/client';
import { type CaseNoticeEmailInput, renderCaseNoticeEmail } from '../mail/case-notice-email';
import { countedDelivery, countEmail } from './activity-metrics';
import { deliverClaimedEmail } from './email-delivery';
import { claimForSending, outboxRows, SENDABLE_STATUSES } from './escalation-outbox';
import type { NotifyDependencies } from './notify-stalled-case';

/** An email case work sends to one organization, once per key. */
export interface CaseNotice {
  /** `<application>/reassign/<sequence>/<bank>` or `<application>/comment/<note>/<organization>`. */
  key: string;
  applicationId: string;
  kind: 'reassigned_away' | 'reassigned_to' | 'mentioned';
  organizationId: string;
  /** The reassignment's transition. */
  sequence?: number;
  /** The comment's note number. */
  noteNumber?: number;
}

const noticeSchema = z.object({
  key: z.string().min(1).max(500),
  applicationId: z.string().min(1).max(100),
  kind: z.enum(['reassigned_away', 'reassigned_to', 'mentioned']),
  organizationId: z.string().min(1).max(100),
  sequence: z.number().int().positive().optional(),
  noteNumber: z.number().int().positive().optional(),
});

export const caseNoticeEmailIdFor = (key: string): string => `notice-${createHash('sha256').update(key).digest('hex')}`;

/**
 * Records the email (outgoing_emails, the escalations' outbox) and sends it exactly once, with
 * the escalations' discipline (notify-stalled-case.ts): a retry that finds the row `sending`
 * marks it `unconfirmed` and never sends again; an admin may resend it by hand.
 */
export async function notifyCaseParty(deps: NotifyDependencies, input: CaseNotice): Promise<void> {
  const parsed = noticeSchema.safeParse(input);
  if (!parsed.success) throw ApplicationFailure.create({ type: 'INVALID_NOTICE', message: `invalid case notice: ${z.prettifyError(parsed.error)}`, nonRetryable: true });
  const notice = parsed.data;
  const { prisma } = deps;
  const id = caseNoticeEmailIdFor(notice.key);
  const context = { noticeKey: notice.key, kind: notice.kind };
  if (!(await prisma.outgoingEmail.findUnique({ where: { id }, select: { id: true } }))) await recordCaseNotice(deps, notice, id);

  for (let round = 0; round < 3; round++) {
    // The usual case first: a sendable email, claimed in the same statement that finds it so.
    const claimed = await claimForSending(prisma, id);
    if (claimed) {
      await countedDelivery('case_notice', () => deliverClaimedEmail(deps, claimed, context));
      return;
    }
    const email = await prisma.outgoingEmail.findUniqueOrThrow({ where: { id } });
    if (email.status === EmailStatus.Sending) {
      const marked = await prisma.outgoingEmail.updateMany({ where: { id, status: EmailStatus.Sending }, data: { status: EmailStatus.Unconfirmed } });
      if (marked.count === 1) countEmail('case_notice', 'unconfirmed');
      log.warn('an earlier attempt died while sending a case notice; it may have been delivered and is not sent again', { ...context, messageId: email.messageId });
      return;
    }
    // Sent, unconfirmed, refused for good or without recipients: settled.
    if (!SENDABLE_STATUSES.includes(email.status)) return;
    // Sendable again after a lost race: claim it on the next round.
  }
  throw new Error(`outgoing email ${id} kept changing status under concurrent attempts`);
}

const emailAddress = z.email();

async function recordCaseNotice(deps: NotifyDependencies, notice: z.infer<typeof noticeSchema>, id: string): Promise<void> {
  const { prisma, config } = deps;
  const application = await prisma.application.findUnique({ where: { id: notice.applicationId }, include: { applicant: true } });
  // Retryable: the workflow persists the change before it asks for the email.
  if (!application) throw new Error(`application ${notice.applicationId} is not in the database`);
  const recipient = await prisma.organization.findUnique({ where: { id: notice.organizationId }, include: { users: { select: { email: true } } } });
  const common = {
    applicationId: application.id,
    agencyReference: application.agencyReference,
    applicantInitials: initialsOf(deps.fields.open(application.applicant.fullName)),
    link: `${config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/console/cases/${encodeURIComponent(application.id)}`,
  };
  const input = notice.kind === 'mentioned' ? await mentionOf(prisma, notice, common) : await reassignmentOf(prisma, notice, common);
  const seen = new Map<string, string>();
  for (const candidate of recipient ? [recipient.contactEmail, ...recipient.users.map((u) => u.email)] : []) {
    const address = candidate?.trim();
    if (address && emailAddress.safeParse(address).success && !seen.has(address.toLowerCase())) seen.set(address.toLowerCase(), address);
  }
  const recipients = [...seen.values()];
  if (recipients.length === 0) log.warn('no recipients for a case notice; recorded without an email', { noticeKey: notice.key });
  await prisma.$transaction(outboxRows(prisma, { id, applicationId: application.id, key: notice.key, recipients, rendered: renderCaseNoticeEmail(input) }));
}

type Common = Pick<CaseNoticeEmailInput, 'applicationId' | 'agencyReference' | 'applicantInitials' | 'link'>;

const named = async (prisma: PrismaClient, id: string) =>
  (await prisma.organization.findUnique({ where: { id }, select: { name: true, nameFa: true } })) ?? { name: id, nameFa: '' };

async function mentionOf(prisma: PrismaClient, notice: z.infer<typeof noticeSchema>, common: Common): Promise<CaseNoticeEmailInput> {
  const note = await prisma.caseNote.findUnique({ where: { applicationId_number: { applicationId: notice.applicationId, number: notice.noteNumber ?? 0 } } });
  if (!note) throw new Error(`comment ${notice.noteNumber} of ${notice.applicationId} is not in the database`);
  return { ...common, kind: 'mentioned', author: await named(prisma, note.actorOrgId), text: note.text ?? '' };
}

async function reassignmentOf(prisma: PrismaClient, notice: z.infer<typeof noticeSchema>, common: Common): Promise<CaseNoticeEmailInput> {
  const step = await prisma.applicationStep.findUnique({ where: { applicationId_sequence: { applicationId: notice.applicationId, sequence: notice.sequence ?? 0 } } });
  if (step?.step !== 'reassign') throw new Error(`reassignment ${notice.sequence} of ${notice.applicationId} is not in the database`);
  const data = step.data as { fromBankId: string; toBankId: string; reason: ReassignmentReason; note?: string };
  const kind = notice.kind as 'reassigned_away' | 'reassigned_to';
  return { ...common, kind, fromBank: await named(prisma, data.fromBankId), toBank: await named(prisma, data.toBankId), reason: data.reason, note: data.note ?? null };
}
