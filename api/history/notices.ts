import type { StalledCaseNotice } from '../../domain/escalation';

/** How a stalled-case notice (reminder, escalation, abandonment) reads in the timeline. */

const levelWords: Record<StalledCaseNotice['level'], string> = {
  reminder: 'Reminder',
  governors_office: "Escalation to the governor's office",
  province: "Escalation to the province's employment office",
  abandoned: 'Notice that the case is left to the governor\'s office',
};

export function noticeSummary(notice: StalledCaseNotice | undefined, phase: 'due' | 'sent'): string {
  if (!notice) return phase === 'due' ? 'A stalled-case notice is due' : 'A stalled-case notice was sent';
  const what = `${levelWords[notice.level]}${notice.round > 0 ? ` (repeat ${notice.round})` : ''}`;
  const why = `${notice.waitingFor} held by ${notice.holderOrganizationId}, ${notice.workingDaysWaited} working day(s) waited`;
  return `${what} ${phase}: ${why}`;
}

export const noticeDetails = (notice: StalledCaseNotice | undefined): Record<string, unknown> =>
  notice
    ? {
        level: notice.level,
        round: notice.round,
        key: notice.key,
        waitingFor: notice.waitingFor,
        holderOrganizationId: notice.holderOrganizationId,
        waitingSince: notice.waitingSince,
        deadline: notice.deadline,
        workingDaysWaited: notice.workingDaysWaited,
      }
    : {};
