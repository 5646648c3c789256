import { ActivityFailure, log, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { CaseNotice } from '../activities/notify-case-party';
import type { ApplicationState } from '../domain/application-state';
import { attach, checkAttach } from '../domain/attachments';
import { type ActiveWait, addComment, checkComment, checkExtension, DEFAULT_MAX_EXTENSION_DAYS, extendDeadline } from '../domain/case-notes';
import { attachUpdate, commentUpdate, extendDeadlineUpdate, reassignUpdate } from '../domain/contract';
import type { EscalationPolicy } from '../domain/deadlines';
import { checkReassignment, reassign } from '../domain/reassignment';
import { guarded, type TransitionGate } from './transition-gate';

const { notifyCaseParty } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  // Sent exactly once per key however often this retries (the outbox), so it may retry for as
  // long as SMTP is down; nothing waits on it but the end of the run.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Every workflow that takes case work records this marker first; older histories never meet it. */
const CASE_WORK_PATCH = 'case-work-v1';

export interface CaseWork {
  /** Resolves once every email the case work asked for has settled (before the run ends or continues). */
  settled(): Promise<void>;
}

/**
 * Comments, deadline extensions, reassignment and attachments: each an Update through the same gate as the
 * steps, so it is checked against the state the step before it left, persisted, and only then
 * made the state. Emails they cause (the two banks of a reassignment, the organizations a
 * comment mentions) are sent once each, in the background: a step never waits on SMTP.
 */
export function registerCaseWork(gate: TransitionGate, policy: EscalationPolicy | undefined, activeWait: () => ActiveWait | null): CaseWork {
  const maxDays = policy?.maxExtensionDays ?? DEFAULT_MAX_EXTENSION_DAYS;
  const emails = new Set<Promise<void>>();
  const current = (): ApplicationState => gate.current();
  const send = (notice: CaseNotice): void => {
    const sent: Promise<void> = notifyCaseParty(notice)
      .catch((error: unknown) => {
        const cause = error instanceof ActivityFailure ? error.cause : error;
        log.error('a case-work email failed for good', { key: notice.key, error: cause instanceof Error ? cause.message : String(cause) });
      })
      .finally(() => emails.delete(sent));
    emails.add(sent);
  };

  setHandler(
    commentUpdate,
    async (command) => {
      patched(CASE_WORK_PATCH);
      const state = await gate.transition(() => addComment(current(), command, new Date()));
      const number = state.notes!;
      for (const organizationId of [...new Set(command.mentions)]) {
        send({ key: `${state.applicationId}/comment/${number}/${organizationId}`, applicationId: state.applicationId, kind: 'mentioned', organizationId, noteNumber: number });
      }
      return state;
    },
    { validator: (command) => guarded(() => checkComment(current(), command)) },
  );

  setHandler(
    extendDeadlineUpdate,
    async (command) => {
      patched(CASE_WORK_PATCH);
      return gate.transition(() => extendDeadline(current(), command, activeWait(), maxDays, new Date()));
    },
    { validator: (command) => guarded(() => checkExtension(current(), command, activeWait(), maxDays)) },
  );

  setHandler(
    reassignUpdate,
    async (command) => {
      patched(CASE_WORK_PATCH);
      const state = await gate.transition(() => reassign(current(), command, new Date()));
      const at = `${state.applicationId}/reassign/${state.sequence}`;
      send({ key: `${at}/${command.fromBankId}`, applicationId: state.applicationId, kind: 'reassigned_away', organizationId: command.fromBankId, sequence: state.sequence });
      send({ key: `${at}/${command.toBankId}`, applicationId: state.applicationId, kind: 'reassigned_to', organizationId: command.toBankId, sequence: state.sequence });
      return state;
    },
    { validator: (command) => guarded(() => checkReassignment(current(), command)) },
  );

  // An attachment's bytes are stored by the API before this Update; the note makes them the case's.
  setHandler(
    attachUpdate,
    async (command) => {
      patched(CASE_WORK_PATCH);
      return gate.transition(() => attach(current(), command, new Date()));
    },
    { validator: (command) => guarded(() => checkAttach(current(), command)) },
  );

  return {
    settled: async () => {
      while (emails.size > 0) await Promise.all([...emails]);
    },
  };
}
