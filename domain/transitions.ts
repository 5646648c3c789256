import type { ApplicationState, TransitionRecord } from './application-state';
import { checkLinkedAttachments } from './attachments';
import { type Actor, type StepCommand, type StepData, type StepName, type SubmitCommand, stepPerformer } from './commands';
import { ErrorCode, StepRefusal } from './errors';
import { addRial, compareRial, isRial, subtractRial } from './rial';
import { rejectionReasons, type ReviewStep, type Stage } from './vocabulary';

/**
 * The application's state machine, as pure functions: the workflow's Update validators call
 * `checkStep`, its handlers `applyStep`. No clock here: callers pass `now` (workflow time).
 */

export interface Transition {
  state: ApplicationState;
  record: TransitionRecord;
}

const stagesBeforeDisbursement: Stage[] = [
  'categorization',
  'returned_for_documents',
  'bank_review',
  'information_requested',
  'disbursement',
];

/** Where each step may happen: the stage, and for bank review the step the bank is at. */
const allowedAt: Record<StepName, { stages: Stage[]; reviewStep?: ReviewStep[] }> = {
  categorize: { stages: ['categorization'] },
  returnForDocuments: { stages: ['categorization'] },
  resubmitDocuments: { stages: ['returned_for_documents'] },
  declareIneligible: { stages: ['categorization', 'returned_for_documents'] },
  acknowledgeReceipt: { stages: ['bank_review'], reviewStep: ['acknowledge'] },
  checkDocuments: { stages: ['bank_review'], reviewStep: ['documents'] },
  assessCredit: { stages: ['bank_review'], reviewStep: ['credit_assessment'] },
  approve: { stages: ['bank_review'], reviewStep: ['decision'] },
  // A bank may refuse as soon as the documents or guarantees fall short, not only at the decision.
  reject: { stages: ['bank_review'], reviewStep: ['documents', 'credit_assessment', 'decision'] },
  requestInformation: { stages: ['bank_review'], reviewStep: ['documents', 'credit_assessment', 'decision'] },
  answerInformationRequest: { stages: ['information_requested'] },
  signContract: { stages: ['disbursement'] },
  disburseTranche: { stages: ['disbursement'] },
  confirmJobs: { stages: ['employment_follow_up'] },
  withdraw: { stages: stagesBeforeDisbursement },
};

/** Whether `step` may happen at this stage and review step, whoever asks and with whatever data. */
export function possibleAt(step: StepName, stage: Stage, reviewStep: ReviewStep | null): boolean {
  const where = allowedAt[step];
  return where.stages.includes(stage) && (!where.reviewStep || (reviewStep !== null && where.reviewStep.includes(reviewStep)));
}

function refuse(code: ErrorCode, message: string, field?: string): never {
  throw new StepRefusal(code, message, field);
}

export function checkSubmission(command: SubmitCommand): void {
  checkActorRole(command.actor, 'agency', 'submit');
  const { submission } = command;
  if (!isRial(submission.requestedAmount) || submission.requestedAmount === '0') {
    refuse(ErrorCode.InvalidStepData, 'requestedAmount must be a positive whole number of rials', 'requestedAmount');
  }
  if (!Number.isInteger(submission.jobsCommitted) || submission.jobsCommitted < 1) {
    refuse(ErrorCode.InvalidStepData, 'jobsCommitted must be a whole number of at least 1', 'jobsCommitted');
  }
}

export function startApplication(applicationId: string, command: SubmitCommand, now: Date): Transition {
  checkSubmission(command);
  const at = now.toISOString();
  const state: ApplicationState = {
    applicationId,
    agencyId: command.actor.organizationId,
    submission: command.submission,
    stage: 'categorization',
    reviewStep: null,
    stageEnteredAt: at,
    category: null,
    priority: null,
    district: command.submission.district,
    bankId: null,
    missingDocuments: [],
    openQuestions: [],
    approvedAmount: null,
    approvedTerms: null,
    rejectionReason: null,
    contractNumber: null,
    tranches: [],
    disbursedAmount: '0',
    jobsConfirmed: null,
    sequence: 1,
    submittedAt: at,
    closedAt: null,
    lastTransitionAt: at,
    ...(command.requestId ? { submittedByRequestId: command.requestId } : {}),
  };
  return { state, record: withRequestId(recordOf(state, 'submit', command.actor, command.comment, command.submission, at), command.requestId) };
}

function checkActorRole(actor: Actor, expected: 'agency' | 'bank', step: string): void {
  if (actor.role !== expected) {
    refuse(ErrorCode.WrongParty, `${step} is done by the ${expected}, not by a user with role ${actor.role}`);
  }
}

/** Throws a StepRefusal when `step` may not happen now, by this actor, with this data. */
export function checkStep<K extends StepName>(state: ApplicationState, step: K, command: StepCommand<K>): void {
  const performer = stepPerformer[step];
  checkActorRole(command.actor, performer, step);
  const holder = performer === 'agency' ? state.agencyId : state.bankId;
  if (performer === 'bank' && step !== 'acknowledgeReceipt' && holder === null) {
    refuse(ErrorCode.StepOutOfOrder, `${step} needs a bank, and the application has not been referred yet`);
  }
  if (holder !== null && command.actor.organizationId !== holder) {
    refuse(ErrorCode.WrongParty, `${step} is done by organization ${holder}, not ${command.actor.organizationId}`);
  }
  const where = allowedAt[step];
  if (!where.stages.includes(state.stage)) {
    refuse(ErrorCode.StepOutOfOrder, `${step} is not possible while the application is at stage ${state.stage}`);
  }
  if (where.reviewStep && (state.reviewStep === null || !where.reviewStep.includes(state.reviewStep))) {
    refuse(ErrorCode.StepOutOfOrder, `${step} is not possible while the bank review is at step ${state.reviewStep}`);
  }
  checkStepData(state, step, command.data);
}

function checkStepData<K extends StepName>(state: ApplicationState, step: K, input: StepData[K]): void {
  const data = input as StepData[StepName] & Record<string, unknown>;
  switch (step) {
    case 'categorize':
      if (typeof data.bankId !== 'string' || data.bankId === '') refuse(ErrorCode.InvalidStepData, 'bankId is required', 'bankId');
      return;
    case 'approve': {
      const amount = data.amount;
      if (!isRial(amount) || amount === '0') refuse(ErrorCode.InvalidStepData, 'amount must be a positive whole number of rials', 'amount');
      return;
    }
    case 'reject':
      if (!rejectionReasons.includes(data.reason as never)) refuse(ErrorCode.InvalidStepData, 'reason is not one of the fixed rejection reasons', 'reason');
      return;
    case 'disburseTranche': {
      if (state.contractNumber === null) refuse(ErrorCode.StepOutOfOrder, 'the contract must be signed before funds are paid');
      const amount = data.amount;
      if (!isRial(amount) || amount === '0') refuse(ErrorCode.InvalidStepData, 'amount must be a positive whole number of rials', 'amount');
      const remaining = subtractRial(state.approvedAmount ?? '0', state.disbursedAmount);
      if (compareRial(amount as string, remaining) > 0) {
        refuse(ErrorCode.InvalidStepData, `amount exceeds the ${remaining} rials that remain to be paid`, 'amount');
      }
      if (state.tranches.some((t) => t.paymentReference === data.paymentReference)) {
        refuse(ErrorCode.InvalidStepData, 'paymentReference was already used for an earlier tranche', 'paymentReference');
      }
      return;
    }
    case 'resubmitDocuments':
      checkLinkedAttachments(state, data.attachments);
      return;
    case 'signContract':
      if (state.contractNumber !== null) refuse(ErrorCode.StepOutOfOrder, 'the contract is already signed');
      return;
    case 'confirmJobs': {
      const jobs = data.jobsConfirmed;
      if (typeof jobs !== 'number' || !Number.isInteger(jobs) || jobs < 0) {
        refuse(ErrorCode.InvalidStepData, 'jobsConfirmed must be a whole number, 0 or more', 'jobsConfirmed');
      }
      return;
    }
    case 'withdraw':
      if (state.tranches.length > 0) refuse(ErrorCode.StepOutOfOrder, 'an application cannot be withdrawn once funds are paid');
      return;
    default:
      return;
  }
}

/** Checks, then returns the next state and the audit record of the step. */
export function applyStep<K extends StepName>(
  state: ApplicationState,
  step: K,
  command: StepCommand<K>,
  now: Date,
): Transition {
  checkStep(state, step, command);
  const at = now.toISOString();
  const changes = effectOf(state, step, command.data, at);
  const next: ApplicationState = { ...state, ...changes, sequence: state.sequence + 1, lastTransitionAt: at };
  if (next.stage !== state.stage) next.stageEnteredAt = at;
  if (isClosing(next.stage)) next.closedAt = at;
  return { state: next, record: withRequestId(recordOf(next, step, command.actor, command.comment, command.data, at), command.requestId) };
}

/** The follow-up period ended: the agency may now confirm the jobs. Done by the system. */
export function openFollowUp(state: ApplicationState, now: Date): Transition {
  const at = now.toISOString();
  const next: ApplicationState = { ...state, stage: 'employment_follow_up', stageEnteredAt: at, sequence: state.sequence + 1, lastTransitionAt: at };
  return { state: next, record: recordOf(next, 'openFollowUp', null, null, {}, at) };
}

const isClosing = (stage: Stage): boolean => ['closed', 'rejected', 'ineligible', 'withdrawn'].includes(stage);

function effectOf<K extends StepName>(state: ApplicationState, step: K, input: StepData[K], at: string): Partial<ApplicationState> {
  const name: StepName = step;
  switch (name) {
    case 'categorize': {
      const d = input as StepData['categorize'];
      return { stage: 'bank_review', reviewStep: 'acknowledge', category: d.category, priority: d.priority, bankId: d.bankId, district: d.district ?? state.district };
    }
    case 'returnForDocuments':
      return { stage: 'returned_for_documents', missingDocuments: (input as StepData['returnForDocuments']).missingDocuments };
    case 'resubmitDocuments':
      return { stage: 'categorization', missingDocuments: [] };
    case 'declareIneligible':
      return { stage: 'ineligible' };
    case 'acknowledgeReceipt':
      return { reviewStep: 'documents' };
    case 'checkDocuments':
      return { reviewStep: 'credit_assessment' };
    case 'assessCredit':
      return { reviewStep: 'decision' };
    case 'approve': {
      const d = input as StepData['approve'];
      return { stage: 'disbursement', reviewStep: null, approvedAmount: d.amount, approvedTerms: d.terms };
    }
    case 'reject':
      return { stage: 'rejected', reviewStep: null, rejectionReason: (input as StepData['reject']).reason };
    case 'requestInformation':
      // The review step is kept: the bank resumes where it asked.
      return { stage: 'information_requested', openQuestions: (input as StepData['requestInformation']).questions };
    case 'answerInformationRequest':
      return { stage: 'bank_review', openQuestions: [] };
    case 'signContract':
      return { contractNumber: (input as StepData['signContract']).contractNumber };
    case 'disburseTranche': {
      const d = input as StepData['disburseTranche'];
      const disbursedAmount = addRial(state.disbursedAmount, d.amount);
      const tranche = { number: state.tranches.length + 1, amount: d.amount, paymentReference: d.paymentReference, paidAt: at };
      const fullyPaid = compareRial(disbursedAmount, state.approvedAmount ?? '0') >= 0;
      return { tranches: [...state.tranches, tranche], disbursedAmount, ...(fullyPaid ? { stage: 'awaiting_follow_up' as const } : {}) };
    }
    case 'confirmJobs':
      return { stage: 'closed', jobsConfirmed: (input as StepData['confirmJobs']).jobsConfirmed };
    case 'withdraw':
      return { stage: 'withdrawn', reviewStep: null };
  }
}

export const withRequestId = (record: TransitionRecord, requestId: string | undefined): TransitionRecord =>
  requestId ? { ...record, requestId } : record;

export function recordOf(state: ApplicationState, step: string, actor: Actor | null, comment: string | undefined | null, data: unknown, at: string): TransitionRecord {
  return {
    applicationId: state.applicationId,
    sequence: state.sequence,
    step,
    stageAfter: state.stage,
    actor,
    comment: comment ?? null,
    data,
    occurredAt: at,
  };
}
