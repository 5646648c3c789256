import { persistenceActivities } from './activity-events';
import { failureMessage } from './readable';
import type { EventContext, EventReader } from './timeline-entry';

/**
 * Markers: the SDK's record of local activities (persistence runs as one) and of `patched()`
 * decisions. The marker names and their data fields are the SDK core's.
 */

interface LocalActivityData {
  activity_type?: string;
  attempt?: number;
  /** Set when the SDK will retry after a backoff too long to wait inside one workflow task. */
  backoff?: unknown;
}

async function patch({ attributes: a, first, add }: EventContext): Promise<void> {
  const data = await first<{ id?: string }>(a.details?.['patch-data']);
  add('workflow.patched', `Code change ${data?.id ?? 'unknown'} is in effect for this workflow`, { details: { patchId: data?.id } });
}

async function localActivity({ attributes: a, first, add }: EventContext): Promise<void> {
  const data = await first<LocalActivityData>(a.details?.data);
  const name = data?.activity_type ?? 'unknown local activity';
  const attempt = data?.attempt ?? 1;
  if (a.failure) {
    const willRetry = Boolean(data?.backoff);
    add('activity.failed', `${name} (local activity) failed on attempt ${attempt}: ${failureMessage(a.failure)}${willRetry ? '; it will be retried' : ''}`, {
      details: { activity: name, attempt, failure: failureMessage(a.failure), via: 'local activity', willRetry },
    });
  } else if (Object.hasOwn(persistenceActivities, name)) {
    add('persistence.recorded', `${persistenceActivities[name]} saved to the database (local activity, attempt ${attempt})`, { details: { via: 'local activity', attempt } });
  } else {
    add('activity.completed', `Local activity ${name} completed (attempt ${attempt})`, { details: { attempt, via: 'local activity' } });
  }
}

const markerReaders: Record<string, EventReader> = { core_patch: patch, core_local_activity: localActivity };

export const markerEventReaders: Record<string, EventReader> = {
  EVENT_TYPE_MARKER_RECORDED: (context) => markerReaders[context.attributes.markerName ?? '']?.(context),
};
