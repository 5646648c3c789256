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
