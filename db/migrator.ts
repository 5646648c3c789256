import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SqlExecutor } from './sql-executor';

export type { SqlExecutor } from './sql-executor';
export { pgExecutor, pgliteExecutor } from './sql-executor';

/**
 * Applies prisma/migrations/* the way `prisma migrate deploy` does, for machines where the
 * Prisma schema engine cannot be had. It keeps Prisma's `_prisma_migrations` table and lock,
 * so either tool can take over from the other.
 */
export const defaultMigrationsDir = path.resolve(__dirname, '../prisma/migrations');

// The advisory lock id Prisma Migrate takes, so this migrator and `prisma migrate deploy`
// also exclude each other.
const PRISMA_MIGRATE_LOCK = 72707369;

// Prisma's own DDL for the table, column for column.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationFile {
  name: string;
  script: string;
  checksum: string;
}

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

/** Applies pending migrations in folder-name order; returns the names it applied. */
export async function applyMigrations(executor: SqlExecutor, migrationsDir = defaultMigrationsDir): Promise<string[]> {
  const migrations = await readMigrations(migrationsDir);
  return executor.session(async (session) => {
    // Blocks while another migrator runs; the table is read only after, so it sees their work.
    await session.query('SELECT pg_advisory_lock($1)', [PRISMA_MIGRATE_LOCK]);
    try {
      await session.exec(CREATE_MIGRATIONS_TABLE);
      const rows = await session.query<MigrationRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations',
      );
      const pending = pendingMigrations(migrations, rows);
      for (const migration of pending) await applyOne(session, migration);
      return pending.map((m) => m.name);
    } finally {
      // A broken connection has dropped the lock already; do not hide the error that broke it.
      await session.query('SELECT pg_advisory_unlock($1)', [PRISMA_MIGRATE_LOCK]).catch(() => undefined);
    }
  });
}

export async function readMigrations(migrationsDir: string): Promise<MigrationFile[]> {
  const entries = await readdir(migrationsDir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(migrationsDir, name, 'migration.sql');
      const script = await readFile(file, 'utf8').catch(() => {
        throw new MigrationError(`Migration ${name} has no readable migration.sql (${file})`);
      });
      return { name, script, checksum: sha256(script) };
    }),
  );
}

function pendingMigrations(migrations: MigrationFile[], rows: MigrationRow[]): MigrationFile[] {
  const failed = rows.find((r) => r.finished_at === null && r.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} failed in this database and was not rolled back (finished_at is empty). ` +
        'Repair the database, then mark it with `prisma migrate resolve --rolled-back` or `--applied`.',
    );
  }
  // Rows marked rolled back do not count: Prisma applies those migrations again.
  const applied = new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]));
  for (const migration of migrations) {
    const row = applied.get(migration.name);
    if (row && !scriptMatchesChecksum(migration.script, row.checksum)) {
      throw new MigrationError(
        `Migration ${migration.name} was changed after it was applied ` +
          `(checksum in database ${row.checksum}, on disk ${migration.checksum}). ` +
          'Restore the original file and put the change in a new migration.',
      );
    }
  }
  // Applied migrations missing on disk are ignored, as `migrate deploy` does (an older release).
  return migrations.filter((m) => !applied.has(m.name));
}

async function applyOne(session: SqlExecutor, migration: MigrationFile): Promise<void> {
  try {
    // One transaction per migration: a failing script leaves nothing half-applied behind.
    await session.exec('BEGIN');
    await session.exec(migration.script);
    await session.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, clock_timestamp(), 1)`,
      [randomUUID(), migration.checksum, migration.name],
    );
    await session.exec('COMMIT');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await recordRolledBack(session, migration, reason);
    throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${reason}`);
  }
}

// Recorded as rolled back (which it was), so the history shows the failure and a fixed file is
// applied on the next run. Best effort: if the connection itself broke, the original error matters.
async function recordRolledBack(session: SqlExecutor, migration: MigrationFile, reason: string): Promise<void> {
  try {
    await session.exec('ROLLBACK');
    await session.query(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, rolled_back_at)
       VALUES ($1, $2, $3, $4, now())`,
      [randomUUID(), migration.checksum, migration.name, reason],
    );
  } catch {
    // The session is unusable; the caller reports the migration's own error.
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

// As Prisma does: a checkout that converted line endings (git autocrlf) still matches.
function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replace(/\r\n/g, '\n'), script.replace(/\n/g, '\r\n')];
  return variants.some((v) => sha256(v) === checksum);
}
