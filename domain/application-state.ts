import type { Actor, Submission } from './commands';
import type { Rial } from './rial';
import type { Category, Priority, RejectionReason, ReviewStep, Stage } from './vocabulary';

export interface Tranche {
  number: number;
  amount: Rial;
  paymentReference: string;
  paidAt: string;
}

/** What the workflow knows about one application; also what the Query returns. */
export interface ApplicationState {
  applicationId: string;
  agencyId: string;
  submission: Submission;
  stage: Stage;
  /** The bank's current review step while in bank review or waiting for the agency's answer. */
  reviewStep: ReviewStep | null;
  stageEnteredAt: string;
  category: Category | null;
  priority: Priority | null;
  district: string;
  bankId: string | null;
  missingDocuments: string[];
  openQuestions: string[];
  approvedAmount: Rial | null;
  approvedTerms: string | null;
  rejectionReason: RejectionReason | null;
  contractNumber: string | null;
  tranches: Tranche[];
  disbursedAmount: Rial;
  jobsConfirmed: number | null;
  /** Number of transitions so far; each one is persisted once under its sequence number. */
  sequence: number;
  submittedAt: string;
  closedAt: string | null;
  /** When the latest transition happened (workflow time): each wait's clock starts there. */
  lastTransitionAt?: string;
  /**
   * The API request whose submission created the application, so that of several identical
   * submissions only that one answers 201. Absent in workflows recorded before it existed.
   */
  submittedByRequestId?: string;
  /** Case notes (comments, deadline extensions) so far; absent before case work existed. */
  notes?: number;
  /** Working days an official added to the wait `waitId`; any other wait has none. */
  extension?: DeadlineExtension;
  /** Bytes of the files attached so far, against the per-case limit; absent before attachments existed. */
  attachedBytes?: number;
  /** The SHA-256 of each file attached, in order; absent before attachments existed. */
  attachments?: string[];
  /** A tranche one bank user recorded, paid only once a second user confirms it (domain/four-eyes.ts); absent before four eyes. */
  pendingTranche?: PendingTranche;
  /** An approval above the configured amount, recorded by one bank user and awaiting a second. */
  pendingApproval?: PendingApproval;
}

/** What a first bank user recorded and a second must confirm with the same data. */
export interface PendingItem {
  recordedBy: Actor;
  recordedAt: string;
  /** The case note that recorded it. */
  note: number;
}
export interface PendingTranche extends PendingItem {
  amount: Rial;
  paymentReference: string;
}
export interface PendingApproval extends PendingItem {
  amount: Rial;
  terms: string;
}

export interface DeadlineExtension {
  waitId: string;
  days: number;
}

/** One transition, as the audit trail records it. */
export interface TransitionRecord {
  applicationId: string;
  sequence: number;
  step: string;
  stageAfter: Stage;
  actor: Actor | null;
  comment: string | null;
  data: unknown;
  occurredAt: string;
  /** The API request that caused it; absent for the system's own transitions and older histories. */
  requestId?: string;
}

/**
 * A note on the case: said or granted about it, not a step of it. It changes no stage and
 * begins no wait, so it has its own numbering and its own table (case_notes); the figures'
 * and the clocks' reading of the audit trail never meets it.
 */
export interface CaseNote {
  applicationId: string;
  /** 1, 2, … per application; each note is persisted once under its number. */
  number: number;
  kind: CaseNoteKind;
  actor: Actor;
  text: string | null;
  data: unknown;
  occurredAt: string;
  /** The transition the case was at when the note was made. */
  afterSequence: number;
  requestId?: string;
}

/** Comments and extensions; attachments; a tranche or an approval recorded by one bank user and cancelled (four eyes: the second user's confirmation is the step itself). */
export const caseNoteKinds = ['comment', 'extendDeadline', 'attach', 'recordTranche', 'cancelTranche', 'recordApproval', 'cancelApproval'] as const;
export type CaseNoteKind = (typeof caseNoteKinds)[number];
