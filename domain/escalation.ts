/** What the workflow hands to the notification activity when a waiting step is overdue. */

/**
 * `abandoned` is the last notice of a wait: after the capped number of repeats the governor's
 * office (and the province, if configured) is told once that the case is left to them.
 */
export type NotificationLevel = 'reminder' | 'governors_office' | 'province' | 'abandoned';
export const notificationLevels = ['reminder', 'governors_office', 'province', 'abandoned'] as const satisfies readonly NotificationLevel[];

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
  /**
   * The application's transition sequence when the notice was issued. A notice whose wait has
   * ended (the database holds a later transition) is skipped at send time. Absent in notices of
   * workflows recorded before it existed.
   */
  stateSequence?: number;
}
