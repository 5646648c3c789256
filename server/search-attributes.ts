import type { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { allSearchAttributes } from '../domain/contract';

const ALREADY_EXISTS = 6;

/**
 * Registers the workflow's search attributes on the namespace (the dev server and a fresh
 * Temporal cluster know none of them); a workflow that upserts an unknown one would fail.
 */
export async function ensureSearchAttributes(connection: Connection, namespace: string): Promise<void> {
  const existing = await connection.operatorService.listSearchAttributes({ namespace });
  const missing = allSearchAttributes.filter((key) => !(key.name in (existing.customAttributes ?? {})));
  if (missing.length === 0) return;
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!])),
    });
  } catch (error) {
    // Another process registered them between our look and our add.
    if ((error as { code?: number }).code !== ALREADY_EXISTS) throw error;
  }
}
