import type { WaitKind } from '../../domain/deadlines';
import type { NotificationLevel } from '../../domain/escalation';

/** The words of the escalation email in one language; `fa.ts` fills the same shape. */
export interface MailTranslation {
  /** What the case waits for, by the workflow's wait kind. */
  waitingFor: Record<WaitKind, string>;
  levels: Record<NotificationLevel, string>;
  /** What the recipient is asked to do, by level. */
  intro: Record<NotificationLevel, string>;
  /** `round` counts repeats: 1 is the first repeat. */
  repeat: (round: string) => string;
  subject: (parts: { level: string; applicationId: string; applicantInitials: string; step: string }) => string;
  fields: {
    applicationId: string;
    agencyReference: string;
    applicant: string;
    waitingFor: string;
    holder: string;
    workingDaysWaited: string;
    level: string;
    waitingSince: string;
    deadline: string;
  };
  workingDays: (days: string) => string;
  jalali: string;
  gregorian: string;
  tehranTime: string;
  links: { application: string; history: string };
  footer: string;
}

export const en: MailTranslation = {
  waitingFor: {
    categorization: 'categorization and referral to a bank by the agency',
    returned_for_documents: 'the missing documents from the applicant',
    'bank_review.acknowledge': "the bank's acknowledgement of receipt",
    'bank_review.documents': "the bank's check of documents and guarantees",
    'bank_review.credit_assessment': "the bank's credit assessment",
    'bank_review.decision': "the bank's decision",
    information_requested: "the agency's answer to the bank's request for information",
    disbursement: 'the contract and disbursement of the loan',
    employment_follow_up: 'confirmation of the jobs created',
  },
  levels: {
    reminder: 'Reminder',
    governors_office: "Escalated to the governor's office",
    province: "Escalated to the province's employment office",
    abandoned: 'Abandoned after the most escalations allowed',
  },
  intro: {
    reminder: 'This application has passed its deadline while waiting for your organization. Please take the next step.',
    governors_office: 'This application is still stalled after its reminder and is escalated to the governor\'s office.',
    province: "This application is still stalled and is escalated to the province's employment office.",
    abandoned:
      'This application has been escalated the maximum number of times without any movement. No more reminders will be sent for this wait, and the case is flagged as abandoned in the figures.',
  },
  repeat: (round) => `repeat ${round}`,
  subject: ({ level, applicationId, applicantInitials, step }) => `${level}: application ${applicationId} (${applicantInitials}) awaiting ${step}`,
  fields: {
    applicationId: 'Application',
    agencyReference: "Agency's reference",
    applicant: 'Applicant',
    waitingFor: 'Waiting for',
    holder: 'Held by',
    workingDaysWaited: 'Waited',
    level: 'Level',
    waitingSince: 'Waiting since',
    deadline: 'Deadline',
  },
  workingDays: (days) => `${days} working days`,
  jalali: 'Jalali',
  gregorian: 'Gregorian',
  tehranTime: 'Tehran time',
  links: { application: 'The application', history: 'Workflow history (Temporal)' },
  footer: 'Sent automatically by the employment-loan system of Lahijan county. Sent once per escalation.',
};
