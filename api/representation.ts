import type { Actor } from '../domain/commands';
import type { Prisma } from '../generated/prisma/client';
import type { EscalationDelivery } from './escalation-delivery';
import { maySee } from './access';
import type { FieldCipher } from '../security/field-cipher';
import { openApplicant, openStepData } from '../security/sealed-records';

/** How applications look in JSON: rial amounts as strings of digits, dates as ISO strings. */

export const applicationInclude = {
  // The blind indexes are for look-ups in SQL; no reader of an application needs them.
  applicant: { omit: { nationalIdIndex: true, nameIndex: true } },
  agency: { select: { id: true, name: true, nameFa: true } },
  bank: { select: { id: true, name: true, nameFa: true } },
  disbursements: { orderBy: { trancheNumber: 'asc' } },
  duplicatesFound: { select: { kind: true, earlier: { select: { id: true, agencyId: true, bankId: true, agencyReference: true } } }, orderBy: { earlierApplicationId: 'asc' } },
} satisfies Prisma.ApplicationInclude;

/** An application as its representation needs it; api/application-read.ts reads one in a single query. */
export type ApplicationRow = Prisma.ApplicationGetPayload<{ include: typeof applicationInclude }>;

const rial = (value: Prisma.Decimal | null): string | null => (value === null ? null : value.toFixed(0));

/**
 * The applicant's other applications found at submission: the counts for anyone who may see this
 * one, the earlier ones' ids only where `viewer` may see them, so no agency learns of another's case.
 */
export function duplicatesFor(row: ApplicationRow, viewer: Actor) {
  const count = (kind: string) => row.duplicatesFound.filter((d) => d.kind === kind).length;
  return { open: count('open'), paid: count('paid'), visible: row.duplicatesFound.filter((d) => maySee(viewer, d.earlier)).map((d) => d.earlier.id) };
}

/** `fields` opens the applicant's particulars, sealed in the row. */
export function applicationResource(row: ApplicationRow, links: { self: string; workflowUi: string }, viewer: Actor, fields: FieldCipher) {
  const applicant = openApplicant(fields, row.applicant);
  return {
    id: row.id,
    agencyReference: row.agencyReference,
    stage: row.stage,
    reviewStep: row.reviewStep,
    agency: row.agency,
    bank: row.bank,
    applicant: {
      nationalId: applicant.nationalId,
      fullName: applicant.fullName,
      phone: applicant.phone,
      address: applicant.address,
      district: applicant.district,
      erasedAt: applicant.erasedAt?.toISOString() ?? null,
    },
    requestedAmount: rial(row.requestedAmount),
    purpose: row.purpose,
    jobsCommitted: row.jobsCommitted,
    jobsConfirmed: row.jobsConfirmed,
    district: row.district,
    category: row.category,
    priority: row.priority,
    approvedAmount: rial(row.approvedAmount),
    approvedTerms: row.approvedTerms,
    rejectionReason: row.rejectionReason,
    duplicates: duplicatesFor(row, viewer),
    disbursedAmount: rial(row.disbursedAmount),
    disbursements: row.disbursements.map((d) => ({
      tranche: d.trancheNumber,
      amount: rial(d.amount),
      paymentReference: d.paymentReference,
      paidAt: d.paidAt.toISOString(),
    })),
    pendingTranche: pendingOf(row.pendingTranche, ['amount', 'paymentReference']),
    pendingApproval: pendingOf(row.pendingApproval, ['amount', 'terms']),
    submittedAt: row.submittedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    workflowId: row.workflowId,
    links,
  };
}

/**
 * Four eyes: what one bank user recorded and a second must confirm (state.pendingTranche /
 * pendingApproval as the workflow wrote it): not paid, not approved.
 */
function pendingOf(value: Prisma.JsonValue, fields: readonly string[]) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const item = value as { recordedBy?: { userId?: string }; recordedAt?: string } & Record<string, unknown>;
  return {
    ...Object.fromEntries(fields.map((field) => [field, item[field]])),
    recordedBy: item.recordedBy?.userId ?? null,
    recordedAt: item.recordedAt ?? null,
    awaiting: 'confirmation by a second user of the bank' as const,
  };
}

type StepRow = Prisma.ApplicationStepGetPayload<object>;

/** A step as it was taken: a submission's sealed particulars opened by `fields`. */
export function stepResource(row: StepRow, fields: FieldCipher) {
  return {
    sequence: row.sequence,
    step: row.step,
    stageAfter: row.stageAfter,
    actor: row.actorUserId ? { userId: row.actorUserId, organizationId: row.actorOrgId, role: row.actorRole } : null,
    comment: row.comment,
    data: openStepData(fields, row.step, row.data),
    occurredAt: row.occurredAt.toISOString(),
  };
}

type EscalationRow = Prisma.EscalationGetPayload<object>;

/** A reminder or escalation sent while the case waited at `step`, and how far its email got (domain/delivery-status.ts). */
export function escalationResource(row: EscalationRow, delivery?: Pick<EscalationDelivery, 'status' | 'emailId'>) {
  return {
    step: row.step,
    level: row.level,
    holdingOrganizationId: row.holderOrgId,
    waitingSince: row.waitingSince.toISOString(),
    deadline: row.deadline.toISOString(),
    recordedAt: row.createdAt.toISOString(),
    deliveryStatus: delivery?.status ?? 'queued',
    emailId: delivery?.emailId ?? null,
  };
}
