import { durationMs, readableDuration } from './readable';
import type { EventReader } from './timeline-entry';

/** Durable timers: the deadlines and escalation rungs the workflow waits on. */

const started: EventReader = ({ at, attributes: a, add }) => {
  const ms = durationMs(a.startToFireTimeout) ?? 0;
  const firesAt = at ? new Date(new Date(at).getTime() + ms).toISOString() : undefined;
  add('timer.started', `Timer ${a.timerId} started: fires in ${readableDuration(ms)}`, {
    details: { timerId: a.timerId, durationMs: ms, ...(firesAt ? { firesAt } : {}) },
  });
};

const fired: EventReader = ({ attributes: a, attributesOf, add }) => {
  const ms = durationMs(attributesOf(a.startedEventId)?.startToFireTimeout);
  const span = ms === undefined ? '' : ` ${readableDuration(ms)} timer`;
  add('timer.fired', `Timer ${a.timerId} fired (the${span} ran out)`, { details: { timerId: a.timerId, ...(ms !== undefined ? { durationMs: ms } : {}) } });
};

/** A wait that ended before its deadline: the step was taken in time. */
const canceled: EventReader = ({ attributes: a, attributesOf, add }) => {
  const ms = durationMs(attributesOf(a.startedEventId)?.startToFireTimeout);
  const span = ms === undefined ? '' : ` ${readableDuration(ms)} timer`;
  add('timer.canceled', `Timer ${a.timerId} canceled: the wait ended before the${span} ran out`, {
    details: { timerId: a.timerId, ...(ms !== undefined ? { durationMs: ms } : {}) },
  });
};

export const timerEventReaders: Record<string, EventReader> = {
  EVENT_TYPE_TIMER_STARTED: started,
  EVENT_TYPE_TIMER_FIRED: fired,
  EVENT_TYPE_TIMER_CANCELED: canceled,
};
