import type { EventContext, EventReader } from './timeline-entry';

/** Upserts of the search attributes that /stalled-cases lists from (stage, holder, deadline, level). */

// The SDK removes an attribute by writing null (typed upserts) or an empty list (older ones).
const isUnset = (value: unknown): boolean => value === null || (Array.isArray(value) && value.length === 0);

async function upserted({ attributes: a, read, add }: EventContext): Promise<void> {
  const values: Record<string, unknown> = {};
  for (const [name, payload] of Object.entries(a.searchAttributes?.indexedFields ?? {})) values[name] = await read(payload);
  const listed = Object.entries(values).map(([name, v]) =>
    isUnset(v) ? `${name} unset` : `${name}=${Array.isArray(v) ? v.join(',') : String(v)}`,
  );
  add('searchAttributes.upserted', `Search attributes set: ${listed.join(', ')}`, { details: values });
}

export const searchAttributeEventReaders: Record<string, EventReader> = {
  EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES: upserted,
};
