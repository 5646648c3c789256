import { ApplicationFailure, log, metricMeter } from '@temporalio/activity';
import { workflowIdFor } from '../domain/contract';
import { ErrorCode } from '../domain/errors';
import type { ApplicationState, TransitionRecord } from '../domain/application-state';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import type { FieldCipher } from '../security/field-cipher';
import { sealedApplicantColumns, sealSubmission, withoutParticulars } from '../security/sealed-records';
import { appendTransition } from './append-transition';
import { findDuplicateApplicants, recordDuplicateApplicants } from './duplicate-applicants';
import { checkLendingLimit } from './lending-limit';
import { pendingFields } from './persist-case-note';
import { isDataRefusal, isUniqueViolation } from './storage-errors';
import { transitionHash } from './transition-hash';

export interface PersistTransitionInput {
  state: ApplicationState;
  record: TransitionRecord;
}

export interface PersistSettings {
  /** Years within which a paid facility flags a new application of the same applicant. */
  duplicateFacilityYears: number;
}

/** DUPLICATE_FACILITY_YEARS's default, for workers and tests that do not set it. */
export const defaultPersistSettings: PersistSettings = { duplicateFacilityYears: 5 };

type Tx = Prisma.TransactionClient;

const decimal = (rial: string | null): Prisma.Decimal | null => (rial === null ? null : new Prisma.Decimal(rial));

/**
 * Writes one transition to the database, which is a projection of the workflow: the audit row,
 * the application's current state and its tranches, in one transaction.
 *
 * Idempotent: a retried activity finds its own row (same sequence, same hash) and writes
 * nothing. A row at this sequence with another hash was written by a workflow task that was
 * lost (the worker died after the write, the Update was aborted, the workflow was reset): the
 * workflow never took that step, so the projection from this sequence on is replaced with what
 * the workflow did take, the replaced rows are logged in projection_repairs and counted.
 *
 * Data the database refuses (a NUL character, a CHECK violation) fails the activity for good
 * with an Unstorable failure: retrying cannot help, and the workflow then refuses the step.
 * An approval past the bank's lending allocation fails the same way, with ExceedsLendingLimit.
 * A submission also records the applicant's other applications (activities/duplicate-applicants.ts).
 */
export async function persistTransition(
  { prisma, fields }: { prisma: PrismaClient; fields: FieldCipher },
  { state, record }: PersistTransitionInput,
  settings = defaultPersistSettings,
): Promise<void> {
  const hash = transitionHash(record);
  // Most steps need one statement (activities/append-transition.ts). Should it fail, the full
  // path below meets the same cause and classifies it (a data refusal, or a retry).
  if (await appendTransition(prisma, state, record, hash).catch(() => false)) {
    log.debug('transition persisted', { sequence: record.sequence, step: record.step, requestId: record.requestId });
    return;
  }
  try {
    const outcome = await prisma.$transaction((tx) => writeTransition(tx, fields, state, record, hash, settings));
    if (outcome === 'repaired') {
      log.warn('projection repaired: the database held a transition the workflow never took', { applicationId: record.applicationId, sequence: record.sequence });
      metricMeter.createCounter('loan_projection_repairs', 'repairs', 'database rows replaced by the workflow’s own transitions').add(1);
    }
    log.debug('transition persisted', { sequence: record.sequence, step: record.step, requestId: record.requestId });
  } catch (error) {
    // A concurrent attempt of this same activity wrote the same rows first: nothing is lost.
    if (isUniqueViolation(error) && (await holdsTransition(prisma, record, hash))) {
      log.info('transition already persisted by a concurrent attempt', { sequence: record.sequence });
      return;
    }
    // Any other unique violation is another application's record (its agency and reference).
    if (isUniqueViolation(error) || isDataRefusal(error)) {
      log.error('the database refused the transition’s data', { sequence: record.sequence, step: record.step, error: String(error) });
      throw ApplicationFailure.create({ type: ErrorCode.Unstorable, message: 'the database cannot store this step’s data', nonRetryable: true });
    }
    throw error;
  }
}

async function writeTransition(
  tx: Tx,
  fields: FieldCipher,
  state: ApplicationState,
  record: TransitionRecord,
  hash: string,
  settings: PersistSettings,
): Promise<'written' | 'unchanged' | 'repaired'> {
  const stored = await tx.applicationStep.findUnique({
    where: { applicationId_sequence: { applicationId: record.applicationId, sequence: record.sequence } },
    select: { transitionHash: true, step: true, occurredAt: true },
  });
  if (stored && isSameTransition(stored, record, hash)) return 'unchanged';
  if (stored) await removeProjectionFrom(tx, record.applicationId, record.sequence);
  await checkLendingLimit(tx, state, record);

  if (record.step === 'submit') {
    const duplicates = await findDuplicateApplicants(tx, fields.nationalIdIndex(state.submission.applicant.nationalId), state, settings.duplicateFacilityYears);
    await writeApplication(tx, fields, state);
    await recordDuplicateApplicants(tx, state.applicationId, duplicates);
  }
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
      // The hash above is of the record as the workflow holds it; the row keeps the particulars sealed.
      data: (record.step === 'submit' ? sealSubmission(fields, state.submission) : (record.data ?? {})) as Prisma.InputJsonValue,
      occurredAt: new Date(record.occurredAt),
      transitionHash: hash,
    },
  });
  if (stored) await syncTranches(tx, state, state.tranches);
  else if (record.step === 'disburseTranche') await syncTranches(tx, state, state.tranches.slice(-1));
  // The row only moves forward, so a late retry never overwrites news; a repair moves it back.
  await tx.application.updateMany({
    where: { id: state.applicationId, ...(stored ? {} : { lastSequence: { lt: record.sequence } }) },
    data: { ...currentFields(state, record.occurredAt), lastSequence: record.sequence },
  });
  return stored ? 'repaired' : 'written';
}

async function holdsTransition(prisma: PrismaClient, record: TransitionRecord, hash: string): Promise<boolean> {
  const stored = await prisma.applicationStep.findUnique({
    where: { applicationId_sequence: { applicationId: record.applicationId, sequence: record.sequence } },
    select: { transitionHash: true, step: true, occurredAt: true },
  });
  return stored !== null && isSameTransition(stored, record, hash);
}

/** Rows written before the hash existed are compared by what they recorded. */
function isSameTransition(stored: { transitionHash: string | null; step: string; occurredAt: Date }, record: TransitionRecord, hash: string): boolean {
  if (stored.transitionHash !== null) return stored.transitionHash === hash;
  return stored.step === record.step && stored.occurredAt.getTime() === Date.parse(record.occurredAt);
}

/** Logs, then removes, the audit rows from `sequence` on: none of them is the workflow's. */
async function removeProjectionFrom(tx: Tx, applicationId: string, sequence: number): Promise<void> {
  const replaced = await tx.applicationStep.findMany({ where: { applicationId, sequence: { gte: sequence } }, orderBy: { sequence: 'asc' } });
  await tx.projectionRepair.create({
    data: { applicationId, sequence, replacedSteps: JSON.parse(JSON.stringify(replaced.map(withoutParticulars), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) },
  });
  // The audit tables refuse changes unless a repair says so, for this transaction only.
  await tx.$executeRaw`SELECT set_config('loan.audit_repair', 'on', true)`;
  await tx.applicationStep.deleteMany({ where: { applicationId, sequence: { gte: sequence } } });
}

/** The application and its applicant's particulars (sealed), as this agency entered them. */
async function writeApplication(tx: Tx, fields: FieldCipher, state: ApplicationState): Promise<void> {
  const { applicant } = state.submission;
  const particulars = { ...sealedApplicantColumns(fields, applicant), district: applicant.district };
  await tx.applicant.upsert({ where: { id: state.applicationId }, create: { id: state.applicationId, ...particulars }, update: particulars });
  const columns = {
    workflowId: workflowIdFor(state.applicationId),
    agencyId: state.agencyId,
    agencyReference: state.submission.agencyReference,
    applicantId: state.applicationId,
    requestedAmount: new Prisma.Decimal(state.submission.requestedAmount),
    purpose: state.submission.purpose,
    jobsCommitted: state.submission.jobsCommitted,
    submittedAt: new Date(state.submittedAt),
    ...currentFields(state, state.submittedAt),
  };
  await tx.application.upsert({ where: { id: state.applicationId }, create: { id: state.applicationId, ...columns, lastSequence: 0 }, update: columns });
}

/** Writes `tranches` as the workflow holds them, and removes any the workflow does not hold. */
async function syncTranches(tx: Tx, state: ApplicationState, tranches: ApplicationState['tranches']): Promise<void> {
  await tx.disbursement.deleteMany({ where: { applicationId: state.applicationId, trancheNumber: { gt: state.tranches.length } } });
  for (const tranche of tranches) {
    const fields = { amount: new Prisma.Decimal(tranche.amount), paymentReference: tranche.paymentReference, paidAt: new Date(tranche.paidAt) };
    await tx.disbursement.upsert({
      where: { applicationId_trancheNumber: { applicationId: state.applicationId, trancheNumber: tranche.number } },
      create: { applicationId: state.applicationId, trancheNumber: tranche.number, ...fields },
      update: fields,
    });
  }
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
    ...pendingFields(state),
    updatedAt: new Date(updatedAt),
    closedAt: state.closedAt ? new Date(state.closedAt) : null,
  };
}
