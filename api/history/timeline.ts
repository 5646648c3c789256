import type { LoadedDataConverter } from '@temporalio/common';
import { activityEventReaders, type PendingActivity, pendingActivityEntries } from './activity-events';
import { attributesOf, type HistoryEventJson } from './history-json';
import { markerEventReaders } from './marker-events';
import { firstOf, payloadReader } from './payloads';
import { searchAttributeEventReaders } from './search-attribute-events';
import type { EventContext, EventReader, TimelineEntry } from './timeline-entry';
import { timerEventReaders } from './timer-events';
import { updateEventReaders } from './update-events';
import { workflowEventReaders } from './workflow-events';

/**
 * A readable timeline of one application's workflow: each history event handed to the reader of
 * its family, then the activities still being retried. Events no family reads (workflow tasks
 * and the like) are the engine's bookkeeping, not the case's story.
 */

const readers: Record<string, EventReader> = {
  ...workflowEventReaders,
  ...updateEventReaders,
  ...activityEventReaders,
  ...markerEventReaders,
  ...timerEventReaders,
  ...searchAttributeEventReaders,
};

export async function buildTimeline(
  events: HistoryEventJson[],
  converter: LoadedDataConverter,
  pending: PendingActivity[] = [],
): Promise<TimelineEntry[]> {
  const byId = new Map(events.map((event) => [event.eventId, event]));
  const read = payloadReader(converter);
  const first = firstOf(read);
  const timeline: TimelineEntry[] = [];

  for (const event of events) {
    const reader = readers[event.eventType];
    if (!reader) continue;
    const at = event.eventTime ?? '';
    const eventId = Number(event.eventId);
    const context: EventContext = {
      event,
      at,
      attributes: attributesOf(event),
      attributesOf: (id) => {
        const earlier = id === undefined ? undefined : byId.get(id);
        return earlier ? attributesOf(earlier) : undefined;
      },
      read,
      first,
      add: (kind, summary, extras = {}) => timeline.push({ at, kind, summary, eventId, ...extras }),
    };
    await reader(context);
  }
  return [...timeline, ...pendingActivityEntries(pending)];
}
