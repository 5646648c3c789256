import type { PrismaClient } from '../../../../generated/prisma/client';

/**
 * Every row of every table of the application's schema, as sorted JSON per table: two snapshots
 * are equal only if nothing was inserted, changed or deleted. Idempotency keys and refused steps
 * are left out: recording the answers to requests, and the refused attempts, is their job.
 */
const ignored = new Set(['idempotency_keys', 'refused_steps', '_prisma_migrations']);

export async function databaseSnapshot(prisma: PrismaClient): Promise<Record<string, string[]>> {
  const tables = await prisma.$queryRaw<Array<{ name: string }>>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const snapshot: Record<string, string[]> = {};
  for (const { name } of tables) {
    if (ignored.has(name)) continue;
    const rows = await prisma.$queryRawUnsafe<Array<{ row: string }>>(`SELECT to_jsonb(t)::text AS row FROM "${name}" t`);
    snapshot[name] = rows.map((r) => r.row).sort();
  }
  return snapshot;
}
