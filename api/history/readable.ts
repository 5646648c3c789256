import type { Actor } from '../../domain/commands';
import type { FailureJson } from './history-json';

/** How the timeline words durations, failures and callers for a person reading it. */

/** `1.5 s`, `3 min`, `2 h 30 min`, `4 days`. */
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
export const durationMs = (value: string | undefined): number | undefined =>
  value === undefined ? undefined : Math.round(Number(value.replace(/s$/, '')) * 1000);

/** The failure's message and its causes', outermost first: "activity failed: connection refused". */
export function failureMessage(failure: FailureJson | undefined): string {
  const causes: string[] = [];
  for (let f = failure; f; f = f.cause) if (f.message) causes.push(f.message);
  return causes.join(': ') || 'unknown failure';
}

export const describeActor = (actor: Actor | undefined): string =>
  actor ? `${actor.userId} (${actor.role}, ${actor.organizationId})` : 'an unknown caller';

/** `TERMINATED` from `EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED` and the like, as words: "terminated". */
export const lastWordsOf = (eventType: string, prefix: string): string =>
  eventType.replace(prefix, '').toLowerCase().replace(/_/g, ' ');
