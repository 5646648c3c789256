import type { Actor } from '../../domain/commands';
import type { EventAttributes, HistoryEventJson, PayloadJson, PayloadsJson } from './history-json';

/** What one line of the timeline is, and what a reader of one event family is handed. */

export const timelineKinds = [
  'workflow.started',
  'workflow.completed',
  'workflow.failed',
  'workflow.ended',
  'workflow.continuedAsNew',
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

export type EntryExtras = Pick<TimelineEntry, 'actor' | 'details'>;

/** One event being read: its attributes, the events it refers to, its payloads, and where to write. */
export interface EventContext {
  event: HistoryEventJson;
  /** When the event happened, as an ISO instant. */
  at: string;
  attributes: EventAttributes;
  /** The attributes of an earlier event, e.g. the activity a completion refers to. */
  attributesOf(eventId: string | undefined): EventAttributes | undefined;
  read<T>(payload: PayloadJson | undefined): Promise<T | undefined>;
  first<T>(payloads: PayloadsJson | undefined): Promise<T | undefined>;
  add(kind: TimelineKind, summary: string, extras?: EntryExtras): void;
}

/** Reads one kind of history event into zero or more timeline entries. */
export type EventReader = (context: EventContext) => void | Promise<void>;
