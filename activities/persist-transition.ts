import { log } from '@temporalio/activity';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import type { ApplicationState, TransitionRecord } from '../domain/application-state';

export interface PersistTransitionInput {
  state: ApplicationState;
  record: TransitionRecord;
}

const decimal = (rial: string | null): Prisma.Decimal | null => (rial === null ? null : new Prisma.Decimal(rial));

/**
 * Writes one transition: the audit row, the application's current state and, for a tranche,
 * the payment record, in one database transaction. Idempotent: the audit row is unique per
 * (application, sequence), so a retried activity finds it and writes nothing again; and the
 * application row only moves forward (last_sequence), so a late retry never overwrites news.
 */
export async function persistTransition(prisma: PrismaClient, { state, record }: PersistTransitionInput): Promise<void> {
  try {
    await prisma.$transaction(async (tx) => {
      const key = { applicationId_sequence: { applicationId: record.applicationId, sequence: record.sequence } };
      if (await tx.applicationStep.findUnique({ where: key, select: { id: true } })) return;

      if (record.step === 'submit') await createApplication(tx, state);
      await tx.applicationStep.create({
        data: {
          applicationId: record.applicationId,
          sequence: record.sequence,
          step: record.step,
          stageAfter: record.stageAfter,
          actorUserId: record.actor?.userId ?? null,
          actorOrgId: record.actor?.organizationId ?? null,
          actorRole: record.actor?.role ?? null,
          comment: record.comment,
          data: (record.data ?? {}) as Prisma.InputJsonValue,
          occurredAt: new Date(record.occurredAt),
        },
      });
      if (record.step === 'disburseTranche') await recordTranche(tx, state);
      await tx.application.updateMany({
        where: { id: state.applicationId, lastSequence: { lt: record.sequence } },
        data: { ...currentFields(state, record.occurredAt), lastSequence: record.sequence },
      });
    });
    log.debug('transition persisted', { sequence: record.sequence, step: record.step, requestId: record.requestId });
  } catch (error) {
    // A concurrent attempt of the same activity wrote the same rows first: nothing is lost.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      log.info('transition already persisted by a concurrent attempt', { sequence: record.sequence });
      return;
    }
    throw error;
  }
}

type Tx = Prisma.TransactionClient;

async function createApplication(tx: Tx, state: ApplicationState): Promise<void> {
  const { applicant } = state.submission;
  // One applicant row per national id; the latest submission's contact details win.
  const applicantFields = { fullName: applicant.fullName, phone: applicant.phone, address: applicant.address, district: applicant.district };
  await tx.applicant.upsert({
    where: { id: applicant.nationalId },
    create: { id: applicant.nationalId, nationalId: applicant.nationalId, ...applicantFields },
    update: applicantFields,
  });
  await tx.application.create({
    data: {
      id: state.applicationId,
      workflowId: `loan-application-${state.applicationId}`,
      agencyId: state.agencyId,
      agencyReference: state.submission.agencyReference,
      applicantId: applicant.nationalId,
      requestedAmount: new Prisma.Decimal(state.submission.requestedAmount),
      purpose: state.submission.purpose,
      jobsCommitted: state.submission.jobsCommitted,
      submittedAt: new Date(state.submittedAt),
      ...currentFields(state, state.submittedAt),
      lastSequence: 0,
    },
  });
}

async function recordTranche(tx: Tx, state: ApplicationState): Promise<void> {
  const tranche = state.tranches[state.tranches.length - 1];
  if (!tranche) return;
  await tx.disbursement.create({
    data: {
      applicationId: state.applicationId,
      trancheNumber: tranche.number,
      amount: new Prisma.Decimal(tranche.amount),
      paymentReference: tranche.paymentReference,
      paidAt: new Date(tranche.paidAt),
    },
  });
}

function currentFields(state: ApplicationState, updatedAt: string) {
  return {
    stage: state.stage,
    reviewStep: state.reviewStep,
    district: state.district,
    category: state.category,
    priority: state.priority,
    bankId: state.bankId,
    approvedAmount: decimal(state.approvedAmount),
    approvedTerms: state.approvedTerms,
    rejectionReason: state.rejectionReason,
    disbursedAmount: new Prisma.Decimal(state.disbursedAmount),
    jobsConfirmed: state.jobsConfirmed,
    updatedAt: new Date(updatedAt),
    closedAt: state.closedAt ? new Date(state.closedAt) : null,
  };
}
