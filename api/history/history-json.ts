import { temporal } from '@temporalio/proto';
import type { Type } from 'protobufjs';
import { toJson } from 'protobufjs/ext/protojson';

/**
 * A workflow history in proto JSON form: the form Temporal's own tools write and
 * test/workflows/histories keeps, so recorded histories of every workflow version read the same
 * way as live ones. Enums are names, 64-bit numbers strings, durations "3600s", payloads base64.
 */

export type History = temporal.api.history.v1.IHistory;

export interface HistoryEventJson {
  eventId: string;
  eventTime?: string;
  eventType: string;
  [attributes: string]: unknown;
}

export interface PayloadJson {
  /** Each value base64. */
  metadata?: Record<string, string> | null;
  /** base64. */
  data?: string | null;
}
export interface PayloadsJson {
  payloads?: PayloadJson[];
}

export interface FailureJson {
  message?: string;
  cause?: FailureJson;
  applicationFailureInfo?: { type?: string; nonRetryable?: boolean };
  timeoutFailureInfo?: { timeoutType?: string };
}

/** The fields of the `…EventAttributes` object the timeline reads, across every event family. */
export interface EventAttributes {
  [field: string]: unknown;
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
  searchAttributes?: { indexedFields?: Record<string, PayloadJson> };
  cause?: string;
  reason?: string;
  newExecutionRunId?: string;
  continuedExecutionRunId?: string;
  initiator?: string;
}

// @temporalio/proto's message classes are protobufjs reflection types at run time (the package
// is built from a JSON module), which is what protobufjs's ProtoJSON extension formats with.
const historyType = temporal.api.history.v1.History as unknown as Type;

/** The history as proto JSON events, which is also what `?raw=true` returns. */
export function historyEvents(history: History): HistoryEventJson[] {
  const json = toJson(historyType, temporal.api.history.v1.History.fromObject(history)) as { events?: HistoryEventJson[] };
  return json.events ?? [];
}

/** Every event carries its details in one `<eventType>EventAttributes` field. */
export function attributesOf(event: HistoryEventJson): EventAttributes {
  const key = Object.keys(event).find((k) => k.endsWith('EventAttributes'));
  return (key ? event[key] : {}) as EventAttributes;
}
