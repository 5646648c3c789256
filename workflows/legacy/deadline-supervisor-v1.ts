import { condition, proxyActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { createActivities } from '../../activities';
import type { ApplicationState } from '../../domain/application-state';
import { escalationLevelNumber, searchAttributes } from '../../domain/contract';
import { calendarOf, deadlineDaysFor, type EscalationPolicy, ladder, type WaitKind, waitOf } from '../../domain/deadlines';
import type { StalledCaseNotice } from '../../domain/escalation';
import { isFinalStage } from '../../domain/vocabulary';

const { notifyStalledCase } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  // The notice is sent exactly once per key however often this retries: SMTP may be down for hours.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** The bank's clock, stopped while the agency answers a request for information. */
interface PausedWait {
  kind: WaitKind;
  waitId: string;
  since: number;
  pausedMs: number;
  pausedAt: number;
}

/**
 * The supervisor of legacy workflows (see loan-application-v1.ts); kept unchanged for replay.
 * Watches the application's deadlines with durable timers: each wait (any step that someone
 * must take) runs its escalation ladder until a transition ends it. No cron, no table scan.
 */
export async function superviseDeadlines(
  applicationId: string,
  policy: EscalationPolicy,
  current: () => ApplicationState,
): Promise<void> {
  const calendar = calendarOf(policy);
  const options = { dayLengthMs: policy.dayLengthMs };
  let paused: PausedWait | null = null;

  while (!isFinalStage(current().stage)) {
    const sequence = current().sequence;
    const ended = () => current().sequence !== sequence;
    const wait = waitOf(current());
    if (wait === null) {
      upsertSearchAttributes([{ key: searchAttributes.stage, value: current().stage }]);
      await condition(ended);
      continue;
    }

    const now = Date.now();
    const resumed: PausedWait | null = paused?.kind === wait.kind ? paused : null;
    // The stopped clock survives the agency's wait; any other wait means the bank's step is over.
    if (resumed || wait.kind !== 'information_requested') paused = null;
    const waitId: string = resumed?.waitId ?? `${wait.kind}#${sequence}`;
    const since: number = resumed?.since ?? now;
    const pausedMs: number = resumed ? resumed.pausedMs + (now - resumed.pausedAt) : 0;
    const deadlineDays = deadlineDaysFor(policy, wait.kind, current().category);
    const dueAt = (afterDays: number) => calendar.addWorkingDays(new Date(since), afterDays, options).getTime() + pausedMs;

    upsertSearchAttributes([
      { key: searchAttributes.stage, value: current().stage },
      { key: searchAttributes.holdingOrganization, value: wait.holderOrganizationId },
      { key: searchAttributes.escalationLevel, value: escalationLevelNumber.none },
      { key: searchAttributes.deadline, value: new Date(dueAt(deadlineDays)) },
    ]);

    for (const rungs of ladder(policy, deadlineDays)) {
      const at = dueAt(rungs[0]!.afterDays);
      if (await condition(ended, Math.max(at - Date.now(), 1))) break;
      const notices = rungs.map((rung): StalledCaseNotice => ({
        key: `${applicationId}/${waitId}/${rung.level}/${rung.round}`,
        applicationId,
        level: rung.level,
        round: rung.round,
        waitingFor: wait.kind,
        holderOrganizationId: wait.holderOrganizationId,
        waitingSince: new Date(since).toISOString(),
        deadline: new Date(dueAt(deadlineDays)).toISOString(),
        workingDaysWaited: calendar.workingDaysBetween(new Date(since + pausedMs), new Date(), options),
      }));
      await Promise.all(notices.map((notice) => notifyStalledCase(notice)));
      const highest = rungs[rungs.length - 1]!.level;
      upsertSearchAttributes([{ key: searchAttributes.escalationLevel, value: escalationLevelNumber[highest] }]);
    }

    // A bank that asks for information stops its clock until the agency answers.
    if (wait.kind.startsWith('bank_review.') && current().stage === 'information_requested') {
      paused = { kind: wait.kind, waitId, since, pausedMs, pausedAt: Date.now() };
    }
  }
}
