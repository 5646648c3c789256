import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client';
import { applyMigrations } from './migrator';
import { preparedStatementName } from './prepared-statements';
import { pgExecutor, pgliteExecutor, type SqlExecutor } from './sql-executor';

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent an embedded PGlite database is used. */
  databaseUrl?: string;
  /** Directory of the embedded database, created if missing. Required without databaseUrl. */
  embeddedDir?: string;
  /** Connections in the PostgreSQL pool (default 20). */
  poolSize?: number;
  /** Apply pending migrations before returning. */
  migrate?: boolean;
  migrationsDir?: string;
}

export interface Database {
  prisma: PrismaClient;
  executor: SqlExecutor;
  kind: 'postgres' | 'embedded';
  /** Migrations applied while opening (empty unless `migrate` was set and some were pending). */
  appliedMigrations: string[];
  close(): Promise<void>;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const opened = options.databaseUrl ? openPostgres(options.databaseUrl, options.poolSize ?? 20) : await openEmbedded(options.embeddedDir);
  try {
    const appliedMigrations = options.migrate ? await applyMigrations(opened.executor, options.migrationsDir) : [];
    return { ...opened, appliedMigrations };
  } catch (error) {
    await opened.close();
    throw error;
  }
}

type OpenedDatabase = Omit<Database, 'appliedMigrations'>;

function openPostgres(connectionString: string, max: number): OpenedDatabase {
  // One pool for Prisma and raw SQL alike, so the process has a single connection limit.
  const pool = new pg.Pool({ connectionString, max });
  // An idle connection that the server drops is removed by the pool; without a listener
  // the 'error' event would crash the process instead.
  pool.on('error', () => undefined);
  // Statements marked `/* prepared */` are parsed and planned once per connection (db/prepared-statements.ts).
  // The adapter passes the generated name to pg, where undefined means unnamed (its default).
  const statementNameGenerator = (query: { sql: string }) => preparedStatementName(query.sql) as string;
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator }) });
  return {
    prisma,
    executor: pgExecutor(pool),
    kind: 'postgres',
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openEmbedded(dir: string | undefined): Promise<OpenedDatabase> {
  if (!dir) throw new Error('openDatabase needs either databaseUrl or embeddedDir');
  await mkdir(dir, { recursive: true });
  const pglite = await PGlite.create(dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    executor: pgliteExecutor(pglite),
    kind: 'embedded',
    async close() {
      await prisma.$disconnect();
      // The adapter leaves the PGlite instance open; closing it flushes the files in `dir`.
      await pglite.close();
    },
  };
}
