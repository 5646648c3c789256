import { iranPublicHolidayDates, MS_PER_DAY } from '../domain/calendar';
import type { EscalationPolicy, WaitKind } from '../domain/deadlines';
import type { Config } from './config';

/** Working days each waiting step may take when DEADLINE_DAYS does not say otherwise. */
export const defaultDeadlineDays: Record<WaitKind, number> = {
  categorization: 5,
  returned_for_documents: 10,
  'bank_review.acknowledge': 2,
  'bank_review.documents': 5,
  'bank_review.credit_assessment': 7,
  'bank_review.decision': 3,
  information_requested: 5,
  disbursement: 10,
  employment_follow_up: 10,
};

/** The policy each new workflow is started with; running workflows keep the one they began with. */
export function escalationPolicyOf(config: Config): EscalationPolicy {
  const dayLengthMs = config.WORKING_DAY_SECONDS * 1000;
  return {
    weekend: config.WEEKEND,
    // The real calendar's holidays; the test/demo mode's short days have none.
    holidays: dayLengthMs === MS_PER_DAY ? [...iranPublicHolidayDates()] : [],
    dayLengthMs,
    deadlineDays: { ...defaultDeadlineDays, ...config.DEADLINE_DAYS },
    categoryDeadlineDays: config.CATEGORY_DEADLINE_DAYS,
    escalateAfterDays: config.ESCALATE_AFTER_DAYS,
    repeatEveryDays: config.ESCALATION_REPEAT_DAYS,
    provinceAfterRepeats: config.PROVINCE_AFTER_REPEATS ?? null,
    maxRepeats: config.ESCALATION_MAX_REPEATS,
    followUpAfterDays: config.FOLLOW_UP_AFTER_DAYS,
    maxExtensionDays: config.MAX_EXTENSION_DAYS,
  };
}
