/** What the workflow hands to the notification activity when a waiting step is overdue. */

export type NotificationLevel = 'reminder' | 'governors_office' | 'province';

export interface StalledCaseNotice {
  /** Unique per escalation, deterministic from the workflow: `${applicationId}/${waitId}/${level}/${round}`. */
  key: string;
  applicationId: string;
  level: NotificationLevel;
  /** 0 for the first notice at this level, 1.. for repeats. */
  round: number;
  /** What is awaited, e.g. 'categorization', 'bank_review.documents', 'information_requested', 'disbursement', 'employment_follow_up'. */
  waitingFor: string;
  holderOrganizationId: string;
  waitingSince: string; // ISO instant
  deadline: string; // ISO instant
  workingDaysWaited: number;
}
