import { loadConfig } from '../config/config';
import { formatKeysAndPasswords, seedCounty } from '../db/county-seed';
import { openDatabase } from '../db/prisma-client';

/** Loads Lahijan county's organizations and prints a new API key for each one's user. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedDir: config.embeddedDatabaseDir, migrate: true });
  try {
    const keys = await seedCounty(database.prisma);
    console.log('API keys and console one-time passwords (shown once; only their hashes are stored):');
    console.log(formatKeysAndPasswords(keys));
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
