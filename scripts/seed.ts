import { loadConfig } from '../config/config';
import { formatKeys, formatPasswords, seedCounty } from '../db/county-seed';
import { openDatabase } from '../db/prisma-client';

/** Loads Lahijan county's organizations and prints a new API key for each one's user. */
async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, embeddedDir: config.embeddedDatabaseDir, migrate: true });
  try {
    const keys = await seedCounty(database.prisma);
    console.log('API keys (shown once; only their hashes are stored):');
    console.log(formatKeys(keys));
    const passwords = formatPasswords(keys);
    if (passwords) console.log(`console usernames and one-time passwords (to be changed at first sign-in):\n${passwords}`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
