import type { RejectionReason } from '../../domain/vocabulary';

/** The escalation level a stalled case has reached, by its search attribute's number (0–4). */
export type DigestLevel = 'none' | 'reminder' | 'governors_office' | 'province' | 'abandoned';

/** The words of the weekly digest in one language; `digest-fa.ts` fills the same shape. */
export interface DigestTranslation {
  subject: (week: string) => string;
  intro: (week: string, asOf: string) => string;
  figuresHeading: string;
  figures: {
    submitted: string;
    approved: string;
    paid: string;
    rejected: string;
    escalations: string;
    stalledNow: string;
  };
  applicationsAmount: (count: string, amount: string) => string;
  tranchesAmount: (tranches: string, amount: string) => string;
  rejectionReasons: Record<RejectionReason, string>;
  noRejections: string;
  stalledHeading: (shown: string, total: string) => string;
  noStalled: string;
  columns: {
    application: string;
    agencyReference: string;
    holder: string;
    waitingFor: string;
    workingDaysWaited: string;
    level: string;
  };
  levels: Record<DigestLevel, string>;
  openApplication: string;
  footer: string;
}

export const digestEn: DigestTranslation = {
  subject: (week) => `Weekly digest of employment loans, week ${week}`,
  intro: (week, asOf) =>
    `The figures of Lahijan county's employment loans for the week ${week}, and the cases stalled longest as of ${asOf}.`,
  figuresHeading: 'The week in figures (county totals)',
  figures: {
    submitted: 'Applications submitted',
    approved: 'Applications approved by the banks',
    paid: 'Tranches paid',
    rejected: 'Rejected, by reason',
    escalations: 'Escalations sent',
    stalledNow: 'Cases stalled now',
  },
  applicationsAmount: (count, amount) => `${count}, for ${amount} rials`,
  tranchesAmount: (tranches, amount) => `${tranches}, for ${amount} rials`,
  rejectionReasons: {
    insufficient_guarantee: 'insufficient guarantee',
    poor_credit_history: 'poor credit history',
    incomplete_documents: 'incomplete documents',
    not_economically_viable: 'not economically viable',
    exceeds_lending_limit: "exceeds the bank's lending limit",
    applicant_unreachable: 'applicant unreachable',
    duplicate_facility: 'duplicate facility',
    other: 'other reasons',
  },
  noRejections: 'none',
  stalledHeading: (shown, total) => `The ${shown} longest-stalled cases (of ${total} stalled now)`,
  noStalled: 'No case is past its deadline.',
  columns: {
    application: 'Application',
    agencyReference: "Agency's reference",
    holder: 'Held by',
    waitingFor: 'Waiting for',
    workingDaysWaited: 'Working days waited',
    level: 'Escalation',
  },
  levels: {
    none: 'not yet reminded',
    reminder: 'reminded',
    governors_office: "escalated to the governor's office",
    province: "escalated to the province's employment office",
    abandoned: 'abandoned after the most escalations allowed',
  },
  openApplication: 'open',
  footer: "Sent automatically by the employment-loan system of Lahijan county, once a week to the governor's office.",
};
