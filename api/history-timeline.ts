import type { LoadedDataConverter } from '@temporalio/common';
import { decode } from '@temporalio/common/lib/internal-non-workflow';
import { type History, historyToJSON, JSONToPayload, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import type { ApplicationState } from '../domain/application-state';
import type { Actor } from '../domain/commands';
import type { StalledCaseNotice } from '../domain/escalation';

/**
 * A readable timeline of one application's workflow, built from its Temporal history in proto
 * JSON form (the form `historyToJSON` writes and test/workflows/histories keeps), so that
 * recorded histories of every workflow version read the same way as live ones.
 */

export const timelineKinds = [
  'workflow.started',
  'workflow.completed',
  'workflow.failed',
  'workflow.ended',
  'workflow.patched',
  'workflow.taskFailed',
  'step.accepted',
  'step.completed',
  'step.refused',
  'timer.started',
  'timer.fired',
  'timer.canceled',
  'notification.scheduled',
  'notification.sent',
  'persistence.recorded',
  'activity.scheduled',
  'activity.completed',
  'activity.retried',
  'activity.failed',
  'activity.retrying',
  'searchAttributes.upserted',
] as const;
export type TimelineKind = (typeof timelineKinds)[number];

export interface TimelineEntry {
  at: string;
  kind: TimelineKind;
  summary: string;
  /** The history event this entry comes from (absent for activities still retrying). */
  eventId?: number;
  actor?: Actor & { organizationName?: string };
  details?: Record<string, unknown>;
}

/** One history event as proto JSON: enums as names, 64-bit numbers as strings, payloads base64. */
export interface HistoryEventJson {
  eventId: string;
  eventTime?: string;
  eventType: string;
  [attributes: string]: unknown;
}

/** An activity the server is still retrying: the history records it only once it ends. */
export interface PendingActivity {
  activityType: string;
  attempt: number;
  lastFailure: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
}

interface PayloadsJson {
  payloads?: JSONPayload[];
}
interface FailureJson {
  message?: string;
  cause?: FailureJson;
  applicationFailureInfo?: { type?: string; nonRetryable?: boolean };
  timeoutFailureInfo?: { timeoutType?: string };
}
type Attributes = Record<string, unknown> & {
  activityType?: { name?: string };
  input?: PayloadsJson;
  result?: PayloadsJson;
  failure?: FailureJson;
  lastFailure?: FailureJson;
  attempt?: number;
  scheduledEventId?: string;
  startedEventId?: string;
  acceptedEventId?: string;
  retryState?: string;
  timerId?: string;
  startToFireTimeout?: string;
  taskQueue?: { name?: string };
  acceptedRequest?: { meta?: { updateId?: string }; input?: { name?: string; args?: PayloadsJson } };
  meta?: { updateId?: string };
  outcome?: { success?: PayloadsJson; failure?: FailureJson };
  markerName?: string;
  details?: Record<string, PayloadsJson>;
  searchAttributes?: { indexedFields?: Record<string, JSONPayload> };
  cause?: string;
};

/** The history as proto JSON, which is also what `?raw=true` returns. */
export function historyEvents(history: History): HistoryEventJson[] {
  return (JSON.parse(historyToJSON(history)) as { events?: HistoryEventJson[] }).events ?? [];
}

const attributesOf = (event: HistoryEventJson): Attributes => {
  const key = Object.keys(event).find((k) => k.endsWith('EventAttributes'));
  return (key ? event[key] : {}) as Attributes;
};

const kindOfLevel: Record<StalledCaseNotice['level'], string> = {
  reminder: 'Reminder',
  governors_office: "Escalation to the governor's office",
  province: "Escalation to the province's employment office",
};

/** `1.5 s`, `3 min`, `2 h 30 min`, `4 days`: durations as a person reads them. */
export function readableDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(3))} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Number((hours / 24).toFixed(1))} days`;
}

/** Proto JSON durations are seconds with a unit: "0.500s", "3600s". */
const durationMs = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Math.round(Number(value.replace(/s$/, '')) * 1000);

const failureMessage = (failure: FailureJson | undefined): string => {
  if (!failure) return 'unknown failure';
  const causes: string[] = [];
  for (let f: FailureJson | undefined = failure; f; f = f.cause) if (f.message) causes.push(f.message);
  return causes.join(': ') || 'unknown failure';
};

const describeActor = (actor: Actor | undefined): string =>
  actor ? `${actor.userId} (${actor.role}, ${actor.organizationId})` : 'an unknown caller';

export async function buildTimeline(
  events: HistoryEventJson[],
  converter: LoadedDataConverter,
  pending: PendingActivity[] = [],
): Promise<TimelineEntry[]> {
  const byId = new Map(events.map((event) => [event.eventId, event]));
  const attributesById = (id: string | undefined) => {
    const event = id === undefined ? undefined : byId.get(id);
    return event ? attributesOf(event) : undefined;
  };

  const value = async <T>(payload: JSONPayload | undefined): Promise<T | undefined> => {
    if (!payload) return undefined;
    try {
      const [decoded] = await decode(converter.payloadCodecs, [JSONToPayload(payload)]);
      return decoded ? (converter.payloadConverter.fromPayload(decoded) as T) : undefined;
    } catch {
      return undefined; // a payload this converter cannot read stays in the raw events
    }
  };
  const first = <T>(payloads: PayloadsJson | undefined) => value<T>(payloads?.payloads?.[0]);

  const timeline: TimelineEntry[] = [];
  const updateOf = async (acceptedEventId: string | undefined) => {
    const accepted = attributesById(acceptedEventId)?.acceptedRequest;
    const command = await first<{ actor?: Actor }>(accepted?.input?.args);
    return { name: accepted?.input?.name ?? 'unknown step', actor: command?.actor };
  };
  const activityOf = (scheduledEventId: string | undefined) => {
    const scheduled = attributesById(scheduledEventId);
    return { name: scheduled?.activityType?.name ?? 'unknown activity', scheduled };
  };

  for (const event of events) {
    const at = event.eventTime ?? '';
    const eventId = Number(event.eventId);
    const a = attributesOf(event);
    const add = (kind: TimelineKind, summary: string, extra: Pick<TimelineEntry, 'actor' | 'details'> = {}) =>
      timeline.push({ at, kind, summary, eventId, ...extra });

    switch (event.eventType) {
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED': {
        const input = await first<{ applicationId?: string; escalation?: { dayLengthMs?: number } }>(a.input);
        add('workflow.started', `Workflow started for application ${input?.applicationId ?? 'unknown'}`, {
          details: {
            taskQueue: a.taskQueue?.name,
            deadlinesSupervised: input?.escalation !== undefined,
            ...(input?.escalation?.dayLengthMs !== undefined ? { workingDayLength: readableDuration(input.escalation.dayLengthMs) } : {}),
          },
        });
        break;
      }
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED': {
        const state = await first<ApplicationState | null>(a.result);
        add('workflow.completed', state ? `Workflow completed at stage ${state.stage}` : 'Workflow completed without a submission', {
          ...(state ? { details: { stage: state.stage } } : {}),
        });
        break;
      }
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_FAILED':
        add('workflow.failed', `Workflow failed: ${failureMessage(a.failure)}`);
        break;
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED':
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED':
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT':
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW': {
        const how = event.eventType.replace('EVENT_TYPE_WORKFLOW_EXECUTION_', '').toLowerCase().replace(/_/g, ' ');
        add('workflow.ended', `Workflow ${how}${typeof a.reason === 'string' && a.reason ? `: ${a.reason}` : ''}`);
        break;
      }
      case 'EVENT_TYPE_WORKFLOW_TASK_FAILED':
        add('workflow.taskFailed', `A workflow task failed (${String(a.cause ?? 'unknown cause')}): ${failureMessage(a.failure)}`);
        break;

      case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED': {
        const request = a.acceptedRequest;
        const name = request?.input?.name ?? 'unknown step';
        const { actor, ...rest } = (await first<{ actor?: Actor } & Record<string, unknown>>(request?.input?.args)) ?? {};
        add('step.accepted', `${name} accepted from ${describeActor(actor)}`, {
          ...(actor ? { actor } : {}),
          details: { updateId: request?.meta?.updateId, ...rest },
        });
        break;
      }
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED': {
        const { name, actor } = await updateOf(a.acceptedEventId);
        const who = actor ? { actor } : {};
        if (a.outcome?.failure) {
          const reason = failureMessage(a.outcome.failure);
          add('step.refused', `${name} by ${describeActor(actor)} refused: ${reason}`, {
            ...who,
            details: { updateId: a.meta?.updateId, reason, code: a.outcome.failure.applicationFailureInfo?.type },
          });
        } else {
          const state = await first<ApplicationState>(a.outcome?.success);
          const where = state ? `; the application is now at ${state.stage}${state.reviewStep ? ` (${state.reviewStep})` : ''}` : '';
          add('step.completed', `${name} completed by ${describeActor(actor)}${where}`, {
            ...who,
            details: { updateId: a.meta?.updateId, ...(state ? { stage: state.stage, reviewStep: state.reviewStep } : {}) },
          });
        }
        break;
      }
      // Temporal writes no event for an Update its validator rejects; kept for servers that might.
      case 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_REJECTED': {
        const request = a.rejectedRequest as Attributes['acceptedRequest'];
        const command = await first<{ actor?: Actor }>(request?.input?.args);
        const reason = failureMessage(a.failure);
        add('step.refused', `${request?.input?.name ?? 'unknown step'} by ${describeActor(command?.actor)} refused: ${reason}`, {
          ...(command?.actor ? { actor: command.actor } : {}),
          details: { updateId: request?.meta?.updateId, reason, code: a.failure?.applicationFailureInfo?.type },
        });
        break;
      }

      case 'EVENT_TYPE_TIMER_STARTED': {
        const ms = durationMs(a.startToFireTimeout) ?? 0;
        const firesAt = at ? new Date(new Date(at).getTime() + ms).toISOString() : undefined;
        add('timer.started', `Timer ${a.timerId} started: fires in ${readableDuration(ms)}`, {
          details: { timerId: a.timerId, durationMs: ms, ...(firesAt ? { firesAt } : {}) },
        });
        break;
      }
      case 'EVENT_TYPE_TIMER_FIRED':
      case 'EVENT_TYPE_TIMER_CANCELED': {
        const ms = durationMs(attributesById(a.startedEventId)?.startToFireTimeout);
        const span = ms === undefined ? '' : ` ${readableDuration(ms)} timer`;
        const fired = event.eventType === 'EVENT_TYPE_TIMER_FIRED';
        add(
          fired ? 'timer.fired' : 'timer.canceled',
          fired ? `Timer ${a.timerId} fired (the${span} ran out)` : `Timer ${a.timerId} canceled: the wait ended before the${span} ran out`,
          { details: { timerId: a.timerId, ...(ms !== undefined ? { durationMs: ms } : {}) } },
        );
        break;
      }

      case 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED': {
        const name = a.activityType?.name ?? 'unknown activity';
        if (name === 'notifyStalledCase') {
          const notice = await first<StalledCaseNotice>(a.input);
          add('notification.scheduled', noticeSummary(notice, 'due'), { details: noticeDetails(notice) });
        } else if (name !== 'persistTransition') {
          add('activity.scheduled', `Activity ${name} scheduled`);
        }
        break;
      }
      case 'EVENT_TYPE_ACTIVITY_TASK_STARTED': {
        // Written when the activity ends, with the attempt that ended it.
        if ((a.attempt ?? 1) > 1) {
          const { name } = activityOf(a.scheduledEventId);
          add('activity.retried', `${name} ran attempt ${a.attempt}; the attempt before failed: ${failureMessage(a.lastFailure)}`, {
            details: { activity: name, attempt: a.attempt, lastFailure: failureMessage(a.lastFailure) },
          });
        }
        break;
      }
      case 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED': {
        const { name, scheduled } = activityOf(a.scheduledEventId);
        const attempt = attributesById(a.startedEventId)?.attempt ?? 1;
        if (name === 'notifyStalledCase') {
          const notice = await first<StalledCaseNotice>(scheduled?.input);
          add('notification.sent', noticeSummary(notice, 'sent'), { details: { ...noticeDetails(notice), attempt } });
        } else if (name === 'persistTransition') {
          add('persistence.recorded', `Transition saved to the database (activity, attempt ${attempt})`, {
            details: { via: 'activity', attempt },
          });
        } else {
          add('activity.completed', `Activity ${name} completed (attempt ${attempt})`, { details: { attempt } });
        }
        break;
      }
      case 'EVENT_TYPE_ACTIVITY_TASK_FAILED':
      case 'EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT':
      case 'EVENT_TYPE_ACTIVITY_TASK_CANCELED': {
        const { name } = activityOf(a.scheduledEventId);
        const attempt = attributesById(a.startedEventId)?.attempt;
        const how = event.eventType.replace('EVENT_TYPE_ACTIVITY_TASK_', '').toLowerCase().replace(/_/g, ' ');
        const message = a.failure ? failureMessage(a.failure) : how;
        add('activity.failed', `${name} ${how}${attempt ? ` on attempt ${attempt}` : ''}: ${message}`, {
          details: { activity: name, attempt, failure: message, retryState: a.retryState },
        });
        break;
      }

      case 'EVENT_TYPE_MARKER_RECORDED':
        await markerEntry(a, add, first);
        break;

      case 'EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES': {
        const fields = a.searchAttributes?.indexedFields ?? {};
        const values: Record<string, unknown> = {};
        for (const [name, payload] of Object.entries(fields)) values[name] = await value(payload);
        const listed = Object.entries(values).map(([name, v]) => `${name}=${Array.isArray(v) ? v.join(',') : String(v)}`);
        add('searchAttributes.upserted', `Search attributes set: ${listed.join(', ')}`, { details: values });
        break;
      }
      default:
        break; // workflow tasks and the like are the engine's bookkeeping, not the case's story
    }
  }

  for (const activity of pending) {
    if (activity.attempt <= 1 && activity.lastFailure === null) continue;
    timeline.push({
      at: (activity.lastAttemptAt ?? new Date()).toISOString(),
      kind: 'activity.retrying',
      summary: `${activity.activityType} is still being retried: attempt ${activity.attempt}${activity.lastFailure ? `, last failure: ${activity.lastFailure}` : ''}`,
      details: {
        activity: activity.activityType,
        attempt: activity.attempt,
        lastFailure: activity.lastFailure,
        nextAttemptAt: activity.nextAttemptAt?.toISOString() ?? null,
      },
    });
  }
  return timeline;
}

function noticeSummary(notice: StalledCaseNotice | undefined, phase: 'due' | 'sent'): string {
  if (!notice) return phase === 'due' ? 'A stalled-case notice is due' : 'A stalled-case notice was sent';
  const what = `${kindOfLevel[notice.level]}${notice.round > 0 ? ` (repeat ${notice.round})` : ''}`;
  const why = `${notice.waitingFor} held by ${notice.holderOrganizationId}, ${notice.workingDaysWaited} working day(s) waited`;
  return phase === 'due' ? `${what} due: ${why}` : `${what} sent: ${why}`;
}

const noticeDetails = (notice: StalledCaseNotice | undefined): Record<string, unknown> =>
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

/** Markers: the SDK's record of local activities and of `patched()` decisions. */
async function markerEntry(
  a: Attributes,
  add: (kind: TimelineKind, summary: string, extra?: Pick<TimelineEntry, 'details'>) => void,
  first: <T>(payloads: PayloadsJson | undefined) => Promise<T | undefined>,
): Promise<void> {
  if (a.markerName === 'core_patch') {
    const patch = await first<{ id?: string; deprecated?: boolean }>(a.details?.['patch-data']);
    add('workflow.patched', `Code change ${patch?.id ?? 'unknown'} is in effect for this workflow`, { details: { patchId: patch?.id } });
    return;
  }
  if (a.markerName !== 'core_local_activity') return;
  const data = await first<{ activity_type?: string; attempt?: number; backoff?: unknown }>(a.details?.data);
  const name = data?.activity_type ?? 'unknown local activity';
  const attempt = data?.attempt ?? 1;
  if (a.failure) {
    const retries = data?.backoff ? '; it will be retried' : '';
    add('activity.failed', `${name} (local activity) failed on attempt ${attempt}: ${failureMessage(a.failure)}${retries}`, {
      details: { activity: name, attempt, failure: failureMessage(a.failure), via: 'local activity', willRetry: Boolean(data?.backoff) },
    });
  } else if (name === 'persistTransition') {
    add('persistence.recorded', `Transition saved to the database (local activity, attempt ${attempt})`, {
      details: { via: 'local activity', attempt },
    });
  } else {
    add('activity.completed', `Local activity ${name} completed (attempt ${attempt})`, { details: { attempt, via: 'local activity' } });
  }
}
