/** The words every part of the system shares: roles, stages, steps and the fixed lists. */

export const roles = ['agency', 'bank', 'official', 'admin'] as const;
export type Role = (typeof roles)[number];

export const stages = [
  'categorization',
  'returned_for_documents',
  'bank_review',
  'information_requested',
  'disbursement',
  'awaiting_follow_up',
  'employment_follow_up',
  'closed',
  'rejected',
  'ineligible',
  'withdrawn',
] as const;
export type Stage = (typeof stages)[number];

export const finalStages: readonly Stage[] = ['closed', 'rejected', 'ineligible', 'withdrawn'];
export const isFinalStage = (stage: Stage): boolean => finalStages.includes(stage);

/** The bank's review steps, completed in this order. */
export const reviewSteps = ['acknowledge', 'documents', 'credit_assessment', 'decision'] as const;
export type ReviewStep = (typeof reviewSteps)[number];

export const categories = [
  'micro_workshop',
  'home_business',
  'local_innovative_project',
  'agricultural',
  'handicrafts',
  'tourism',
  'services',
  'knowledge_based',
] as const;
export type Category = (typeof categories)[number];

export const priorities = ['normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];

/** Fixed, because the county counts obstacles by reason. */
export const rejectionReasons = [
  'insufficient_guarantee',
  'poor_credit_history',
  'incomplete_documents',
  'not_economically_viable',
  'exceeds_lending_limit',
  'applicant_unreachable',
  'duplicate_facility',
  'other',
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

export const ineligibilityReasons = [
  'not_resident_of_county',
  'already_received_facility',
  'outside_program_scope',
  'applicant_request',
  'other',
] as const;
export type IneligibilityReason = (typeof ineligibilityReasons)[number];

export const districts = [
  'central',
  'rudboneh',
  'lahijan_city',
  'shalman',
  'liseh_rud',
  'leyla_kuh',
  'baz_kiyagurab',
  'other',
] as const;
export type District = (typeof districts)[number];
