import type { StepName } from '../../../domain/commands';
import type { SafeHtml } from '../../pages/html';
import type { IneligibilityReason, Priority } from '../../../domain/vocabulary';
import type { Language } from '../../pages/words';
import { en } from './case-words-en';
import { fa } from './case-words-fa';

/** The words of the case page, its step forms and the new-application form. */
export interface CaseWords {
  title: (reference: string) => string;
  caseWord: string;
  done: (step: string) => string;
  existing: string;
  sections: { application: string; applicant: string; actions: string; timeline: string; payments: string };
  /** Officials' and admins' way to the workflow's own history. */
  history: string;
  fields: Record<
    | 'agencyReference' | 'stage' | 'reviewStep' | 'category' | 'priority' | 'district' | 'requestedAmount' | 'approvedAmount' | 'approvedTerms'
    | 'disbursedAmount' | 'purpose' | 'jobsCommitted' | 'jobsConfirmed' | 'agency' | 'bank' | 'submittedAt' | 'rejectionReason'
    | 'nationalId' | 'fullName' | 'phone' | 'address' | 'applicantDistrict',
    string
  >;
  /** Every step by name, as the timeline and the forms' headings say it. */
  steps: Record<StepName | 'submit' | 'openFollowUp', string>;
  priorities: Record<Priority, string>;
  ineligibilityReasons: Record<IneligibilityReason, string>;
  /** The labels of the steps' fields, by the field's name in the step's body. */
  stepFields: Record<
    | 'category' | 'priority' | 'bankId' | 'district' | 'missingDocuments' | 'reason' | 'guaranteesAccepted' | 'creditScore' | 'amount' | 'terms'
    | 'questions' | 'answer' | 'contractNumber' | 'paymentReference' | 'jobsConfirmed' | 'comment' | 'attachments',
    string
  >;
  hints: { district: string; lines: string; amount: string; remaining: (rials: string) => string; comment: string; creditScore: string; withdrawReason: string };
  choose: string;
  take: (step: string) => string;
  noActions: string;
  closedCase: string;
  /** The applicant's particulars were erased after the retention period (RETENTION_AFTER_CLOSURE_DAYS). */
  erased: (day: SafeHtml) => SafeHtml;
  otherSteps: string;
  timeline: { caption: string; when: string; what: string; who: string; details: string; system: string; empty: string; reminder: (level: string) => string; waitingFor: string; deadline: string };
  payments: { caption: string; tranche: string; amount: string; reference: string; paidAt: string; empty: string };
  refused: Record<string, string>;
  refusedOther: string;
  newApplication: { title: string; intro: string; applicant: string; application: string; submit: string; referenceHint: string; nationalIdHint: string; phoneHint: string; jobsHint: string };
  /** The validators' and rules' messages in this language, where known; others are shown as the API says them. */
  messages: [pattern: RegExp, text: string | ((...match: string[]) => string)][];
}

export const caseWords: Record<Language, CaseWords> = { fa, en };

/** A validator's or rule's message in the page's language where it is known; else as the API says it. */
export function messageIn(words: CaseWords, message: string): string {
  const known = words.messages.find(([pattern]) => pattern.test(message));
  if (!known) return message;
  const [pattern, text] = known;
  return typeof text === 'string' ? text : text(...pattern.exec(message)!);
}
