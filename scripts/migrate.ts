// Applies pending migrations to DATABASE_URL, or to the embedded database in DATA_DIR/pglite.
// `npm run migrate`; the Prisma CLI's `migrate deploy` cannot run without its schema engine.
import { loadConfig } from '../config/config';
import { openDatabase } from '../db/prisma-client';

async function main(): Promise<void> {
  const config = loadConfig();
  const target = config.DATABASE_URL
    ? describeUrl(config.DATABASE_URL)
    : `embedded database in ${config.embeddedDatabaseDir}`;
  console.log(`Migrating ${target}`);
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: config.embeddedDatabaseDir,
    migrate: true,
  });
  await db.close();
  if (db.appliedMigrations.length === 0) console.log('No pending migrations.');
  for (const name of db.appliedMigrations) console.log(`Applied ${name}`);
}

// Host and database only: the URL may carry a password.
function describeUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

main().catch((error: unknown) => {
  // Connection failures can arrive as an AggregateError with an empty message: show it whole.
  console.error(error instanceof Error && error.message ? error.message : error);
  process.exitCode = 1;
});
