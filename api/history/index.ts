/** The admin's history timeline: what the route and the gateway use. */
export { buildTimeline } from './timeline';
export { historyEvents, type History, type HistoryEventJson } from './history-json';
export { type PendingActivity } from './activity-events';
export { timelineKinds, type TimelineEntry, type TimelineKind } from './timeline-entry';
