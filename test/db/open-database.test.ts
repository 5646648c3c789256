import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { defaultMigrationsDir } from '../../db/migrator';
import { openDatabase } from '../../db/prisma-client';
import { createEmptyTestDatabase } from '../../support/test-database';
import type { DatabaseShape } from './database-shape';
import { fixtures } from './fixtures';
import { expectedDatabaseShape } from './prisma-schema';

const execFileAsync = promisify(execFile);
/** Every migration committed in the repository, in the order they apply. */
const committed = readdirSync(defaultMigrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const f = fixtures();

describe('the embedded database (PGlite, no server)', () => {
  let root: string;
  let embeddedDir: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'pglite-'));
    // A folder that does not exist yet: openDatabase creates it.
    embeddedDir = path.join(root, 'data', 'pglite');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  // Each turn is its own process; see embedded-database-process.ts for why.
  async function turn(action: 'write' | 'read'): Promise<Record<string, unknown>> {
    const script = path.join(__dirname, 'embedded-database-process.ts');
    const { stdout } = await execFileAsync(process.execPath, [require.resolve('tsx/cli'), script, action, embeddedDir]);
    return JSON.parse(stdout) as Record<string, unknown>;
  }

  test('is migrated and written by one process, and read back unchanged by the next', async () => {
    expect(await turn('write')).toEqual({ kind: 'embedded', appliedMigrations: committed });

    const read = await turn('read');

    expect(read).toMatchObject({
      kind: 'embedded',
      appliedMigrations: [],
      organization: JSON.parse(JSON.stringify(f.agency)),
      requestedAmount: '123456789012345678901',
      approvedAmount: f.application.approvedAmount.toFixed(),
      step: { id: String(f.step.id), data: f.step.data },
      migrations: committed.map((name) => ({ migration_name: name })),
    });
    // The same migrations build the same database in PGlite as in PostgreSQL.
    const shape = read.shape as DatabaseShape;
    delete shape.tables._prisma_migrations;
    expect(shape).toEqual(expectedDatabaseShape());
  });
});

test('given a DATABASE_URL, openDatabase migrates that PostgreSQL database and serves it', async () => {
  const database = await createEmptyTestDatabase();
  try {
    const db = await openDatabase({ databaseUrl: database.url, migrate: true });
    try {
      expect(db.kind).toBe('postgres');
      expect(db.appliedMigrations).toEqual(committed);
      await db.prisma.organization.create({ data: f.bank });
      expect(await db.executor.query('SELECT name FROM organizations')).toEqual([{ name: f.bank.name }]);
    } finally {
      await db.close();
    }
  } finally {
    await database.drop();
  }
});

test('without a URL or a directory, openDatabase says what it needs', async () => {
  await expect(openDatabase({})).rejects.toThrow('openDatabase needs either databaseUrl or embeddedDir');
});
