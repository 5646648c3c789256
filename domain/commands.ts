import type {
  Category,
  District,
  IneligibilityReason,
  Priority,
  RejectionReason,
  Role,
} from './vocabulary';
import type { Rial } from './rial';

/** Who performed a step. The API fills it from the caller's key; the workflow checks it. */
export interface Actor {
  userId: string;
  organizationId: string;
  role: Role;
}

export interface Applicant {
  nationalId: string;
  fullName: string;
  phone: string;
  address: string;
  district: District;
}

export interface Submission {
  /** The agency's own file number: one application per agency and reference. */
  agencyReference: string;
  applicant: Applicant;
  requestedAmount: Rial;
  purpose: string;
  jobsCommitted: number;
  district: District;
}

/** The data of each human step, by step name. Every step may also carry a comment. */
export interface StepData {
  categorize: { category: Category; priority: Priority; bankId: string; district?: District };
  returnForDocuments: { missingDocuments: string[] };
  /** `attachments`: SHA-256 of files already attached to the case that this resubmission brings. */
  resubmitDocuments: { attachments?: string[] };
  declareIneligible: { reason: IneligibilityReason };
  acknowledgeReceipt: Record<string, never>;
  checkDocuments: { guaranteesAccepted: boolean };
  assessCredit: { creditScore?: number };
  approve: { amount: Rial; terms: string };
  reject: { reason: RejectionReason };
  requestInformation: { questions: string[] };
  answerInformationRequest: { answer: string };
  signContract: { contractNumber: string };
  disburseTranche: { amount: Rial; paymentReference: string };
  confirmJobs: { jobsConfirmed: number };
  withdraw: { reason: string };
}

export type StepName = keyof StepData;

export const stepNames = [
  'categorize',
  'returnForDocuments',
  'resubmitDocuments',
  'declareIneligible',
  'acknowledgeReceipt',
  'checkDocuments',
  'assessCredit',
  'approve',
  'reject',
  'requestInformation',
  'answerInformationRequest',
  'signContract',
  'disburseTranche',
  'confirmJobs',
  'withdraw',
] as const satisfies readonly StepName[];

/** The party that performs each step. */
export const stepPerformer: Record<StepName, 'agency' | 'bank'> = {
  categorize: 'agency',
  returnForDocuments: 'agency',
  resubmitDocuments: 'agency',
  declareIneligible: 'agency',
  acknowledgeReceipt: 'bank',
  checkDocuments: 'bank',
  assessCredit: 'bank',
  approve: 'bank',
  reject: 'bank',
  requestInformation: 'bank',
  answerInformationRequest: 'agency',
  signContract: 'bank',
  disburseTranche: 'bank',
  confirmJobs: 'agency',
  withdraw: 'agency',
};

export interface StepCommand<K extends StepName = StepName> {
  actor: Actor;
  data: StepData[K];
  comment?: string;
  /** The API request that carried the step, so one id follows it through API, workflow and activity logs. */
  requestId?: string;
  /**
   * Set by the API on disburseTranche and approve when a second user of the bank must confirm
   * (the bank's setting; for an approval, above the configured amount). Absent in commands
   * recorded before four eyes, which replay with one person deciding.
   */
  fourEyes?: boolean;
}

export interface SubmitCommand {
  actor: Actor;
  submission: Submission;
  comment?: string;
  requestId?: string;
}
