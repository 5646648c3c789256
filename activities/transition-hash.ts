import { createHash } from 'node:crypto';
import type { TransitionRecord } from '../domain/application-state';

/** JSON with object keys sorted, so equal records always give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Names a transition by its content. A workflow task that is lost and retried takes its step
 * again at a new workflow time, and a different step at the same sequence differs too, so a
 * row with another hash at that sequence is one the workflow never took. The request id is
 * left out: it names the HTTP call, not the transition.
 */
export function transitionHash(record: TransitionRecord): string {
  const { requestId: _requestId, ...content } = record;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}
