import type { StalledCaseNotice } from '../../domain/escalation';
import { noticeDetails, noticeSummary } from './notices';
import { failureMessage, lastWordsOf } from './readable';
import type { EventContext, EventReader, TimelineEntry } from './timeline-entry';

/**
 * Activities: stalled-case notices, persistence (an activity in the oldest workflows), anything
 * else; and the activities the server is still retrying, which the history records only once
 * they end.
 */

const NOTIFY = 'notifyStalledCase';
/** The activities that write a change to the database: a transition, or a note on the case. */
export const persistenceActivities: Record<string, string> = { persistTransition: 'Transition', persistCaseNote: 'Case note' };

const activityOf = ({ attributes: a, attributesOf }: EventContext) => {
  const scheduled = attributesOf(a.scheduledEventId);
  return { name: scheduled?.activityType?.name ?? 'unknown activity', scheduled };
};

async function scheduled({ attributes: a, first, add }: EventContext): Promise<void> {
  const name = a.activityType?.name ?? 'unknown activity';
  if (name === NOTIFY) {
    const notice = await first<StalledCaseNotice>(a.input);
    add('notification.scheduled', noticeSummary(notice, 'due'), { details: noticeDetails(notice) });
  } else if (!Object.hasOwn(persistenceActivities, name)) {
    add('activity.scheduled', `Activity ${name} scheduled`);
  }
}

/** Written when the activity ends, with the attempt that ended it: earlier attempts failed. */
const started: EventReader = (context) => {
  const { attributes: a, add } = context;
  if ((a.attempt ?? 1) <= 1) return;
  const { name } = activityOf(context);
  add('activity.retried', `${name} ran attempt ${a.attempt}; the attempt before failed: ${failureMessage(a.lastFailure)}`, {
    details: { activity: name, attempt: a.attempt, lastFailure: failureMessage(a.lastFailure) },
  });
};

async function completed(context: EventContext): Promise<void> {
  const { attributes: a, attributesOf, first, add } = context;
  const { name, scheduled: schedule } = activityOf(context);
  const attempt = attributesOf(a.startedEventId)?.attempt ?? 1;
  if (name === NOTIFY) {
    const notice = await first<StalledCaseNotice>(schedule?.input);
    add('notification.sent', noticeSummary(notice, 'sent'), { details: { ...noticeDetails(notice), attempt } });
  } else if (Object.hasOwn(persistenceActivities, name)) {
    add('persistence.recorded', `${persistenceActivities[name]} saved to the database (activity, attempt ${attempt})`, { details: { via: 'activity', attempt } });
  } else {
    add('activity.completed', `Activity ${name} completed (attempt ${attempt})`, { details: { attempt } });
  }
}

/** Failed for good, timed out or canceled: retries, if any, are over. */
const ended: EventReader = (context) => {
  const { event, attributes: a, attributesOf, add } = context;
  const { name } = activityOf(context);
  const attempt = attributesOf(a.startedEventId)?.attempt;
  const how = lastWordsOf(event.eventType, 'EVENT_TYPE_ACTIVITY_TASK_');
  const message = a.failure ? failureMessage(a.failure) : how;
  add('activity.failed', `${name} ${how}${attempt ? ` on attempt ${attempt}` : ''}: ${message}`, {
    details: { activity: name, attempt, failure: message, retryState: a.retryState },
  });
};

export const activityEventReaders: Record<string, EventReader> = {
  EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: scheduled,
  EVENT_TYPE_ACTIVITY_TASK_STARTED: started,
  EVENT_TYPE_ACTIVITY_TASK_COMPLETED: completed,
  EVENT_TYPE_ACTIVITY_TASK_FAILED: ended,
  EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: ended,
  EVENT_TYPE_ACTIVITY_TASK_CANCELED: ended,
};

/** An activity the server is still retrying, from the workflow's description. */
export interface PendingActivity {
  activityType: string;
  attempt: number;
  lastFailure: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
}

/** Only activities that have failed at least once: a first attempt in flight is no news. */
export function pendingActivityEntries(pending: PendingActivity[], now = new Date()): TimelineEntry[] {
  return pending
    .filter((activity) => activity.attempt > 1 || activity.lastFailure !== null)
    .map((activity) => ({
      at: (activity.lastAttemptAt ?? now).toISOString(),
      kind: 'activity.retrying',
      summary: `${activity.activityType} is still being retried: attempt ${activity.attempt}${activity.lastFailure ? `, last failure: ${activity.lastFailure}` : ''}`,
      details: {
        activity: activity.activityType,
        attempt: activity.attempt,
        lastFailure: activity.lastFailure,
        nextAttemptAt: activity.nextAttemptAt?.toISOString() ?? null,
      },
    }));
}
