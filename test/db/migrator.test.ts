import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations, defaultMigrationsDir, pgExecutor } from '../../db/migrator';
import { createEmptyTestDatabase, type EmptyTestDatabase } from '../../support/test-database';

const init = '20261126000000_init';
/** Every migration committed in the repository, in the order they apply. */
const committed = readdirSync(defaultMigrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const later = '20261201000000_add_applicant_note';

let database: EmptyTestDatabase;
let client: pg.Client;
let migrationsDir: string;

beforeEach(async () => {
  database = await createEmptyTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  // A scratch copy, so tests can add, edit and break migrations.
  migrationsDir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
  await cp(defaultMigrationsDir, migrationsDir, { recursive: true });
});

afterEach(async () => {
  await client.end();
  await database.drop();
  await rm(migrationsDir, { recursive: true, force: true });
});

const migrate = (dir = migrationsDir, executor = pgExecutor(client)) => applyMigrations(executor, dir);
const rows = async (sql: string) => (await client.query(sql)).rows;
const tableExists = async (name: string) => (await rows(`SELECT to_regclass('${name}') AS t`))[0].t !== null;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function addMigration(name: string, script: string): Promise<void> {
  await mkdir(path.join(migrationsDir, name));
  await writeFile(path.join(migrationsDir, name, 'migration.sql'), script);
}

test('given an empty database, every migration is applied and recorded as Prisma records it', async () => {
  const folders = (await readdir(defaultMigrationsDir, { withFileTypes: true })).filter((e) => e.isDirectory());

  expect(await migrate(defaultMigrationsDir)).toEqual(folders.map((f) => f.name).sort());

  expect(await tableExists('applications')).toBe(true);
  const script = await readFile(path.join(defaultMigrationsDir, init, 'migration.sql'), 'utf8');
  expect(await rows(`SELECT * FROM _prisma_migrations WHERE migration_name = '${init}'`)).toEqual([
    {
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      checksum: sha256(script),
      migration_name: init,
      logs: null,
      started_at: expect.any(Date),
      finished_at: expect.any(Date),
      rolled_back_at: null,
      applied_steps_count: 1,
    },
  ]);
});

test('the migrations table has exactly the columns Prisma Migrate creates', async () => {
  await migrate();

  const columns = await rows(`
    SELECT column_name, data_type, character_maximum_length AS length, is_nullable, column_default
    FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`);
  const column = (
    column_name: string, data_type: string, length: number | null, is_nullable: string, column_default: string | null = null,
  ) => ({ column_name, data_type, length, is_nullable, column_default });
  expect(columns).toEqual([
    column('id', 'character varying', 36, 'NO'),
    column('checksum', 'character varying', 64, 'NO'),
    column('finished_at', 'timestamp with time zone', null, 'YES'),
    column('migration_name', 'character varying', 255, 'NO'),
    column('logs', 'text', null, 'YES'),
    column('rolled_back_at', 'timestamp with time zone', null, 'YES'),
    column('started_at', 'timestamp with time zone', null, 'NO', 'now()'),
    column('applied_steps_count', 'integer', null, 'NO', '0'),
  ]);
  expect(await rows(`SELECT conname FROM pg_constraint WHERE conrelid = '_prisma_migrations'::regclass`)).toEqual([
    { conname: '_prisma_migrations_pkey' },
  ]);
});

test('run a second time, the migrator applies and records nothing', async () => {
  await migrate();

  expect(await migrate()).toEqual([]);
  expect(await rows('SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: committed.length }]);
});

test('a migration added later is applied on its own, after the ones already applied', async () => {
  await migrate();
  await addMigration(later, 'ALTER TABLE "applicants" ADD COLUMN "note" TEXT;');

  expect(await migrate()).toEqual([later]);
  const noteColumns = await rows(`SELECT 1 FROM information_schema.columns WHERE column_name = 'note'`);
  expect(noteColumns).toHaveLength(1);
});

test('when an applied migration was edited, the migrator refuses and applies nothing', async () => {
  await migrate();
  const initFile = path.join(migrationsDir, init, 'migration.sql');
  await writeFile(initFile, `${await readFile(initFile, 'utf8')}\n-- edited after the fact\n`);
  await addMigration(later, 'ALTER TABLE "applicants" ADD COLUMN "note" TEXT;');

  await expect(migrate()).rejects.toThrow(`Migration ${init} was changed after it was applied`);
  expect(await rows(`SELECT count(*)::int AS n FROM _prisma_migrations`)).toEqual([{ n: committed.length }]);
});

test('a checkout with Windows line endings still matches the recorded checksum', async () => {
  await migrate();
  const initFile = path.join(migrationsDir, init, 'migration.sql');
  await writeFile(initFile, (await readFile(initFile, 'utf8')).replace(/\n/g, '\r\n'));

  expect(await migrate()).toEqual([]);
});

test('a failed migration left by Prisma blocks the migrator until it is resolved', async () => {
  await migrate();
  await client.query(
    `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs) VALUES ('failed-1', 'x', '${later}', 'boom')`,
  );
  await addMigration(later, 'ALTER TABLE "applicants" ADD COLUMN "note" TEXT;');

  await expect(migrate()).rejects.toThrow(/20261201000000_add_applicant_note failed.*prisma migrate resolve/s);

  // What `prisma migrate resolve --rolled-back` does:
  await client.query(`UPDATE _prisma_migrations SET rolled_back_at = now() WHERE id = 'failed-1'`);
  expect(await migrate()).toEqual([later]);
});

test('a migration that fails is rolled back entirely, recorded as rolled back, and applied once fixed', async () => {
  await migrate();
  await addMigration(later, 'CREATE TABLE "notes" ("id" INTEGER);\nSELECT * FROM "no_such_table";');

  await expect(migrate()).rejects.toThrow(/Migration 20261201000000_add_applicant_note failed.*no_such_table/);
  expect(await tableExists('notes')).toBe(false);
  const recorded = await rows(`
    SELECT logs, finished_at, rolled_back_at IS NOT NULL AS rolled_back FROM _prisma_migrations
    WHERE migration_name = '${later}'`);
  expect(recorded).toEqual([{ logs: expect.stringContaining('no_such_table'), finished_at: null, rolled_back: true }]);

  await writeFile(path.join(migrationsDir, later, 'migration.sql'), 'CREATE TABLE "notes" ("id" INTEGER);');
  expect(await migrate()).toEqual([later]);
  expect(await tableExists('notes')).toBe(true);
});

test('two migrators starting at once apply each migration exactly once', async () => {
  // A slow migration keeps the first migrator inside its lock while the second one arrives.
  await addMigration(later, 'SELECT pg_sleep(0.5);\nALTER TABLE "applicants" ADD COLUMN "note" TEXT;');
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    const results = await Promise.all([migrate(), migrate(migrationsDir, pgExecutor(pool))]);

    expect(results.map((names) => names.length).sort()).toEqual([0, committed.length + 1]);
    expect(results.flat()).toEqual([...committed, later]);
    expect(await rows('SELECT count(*)::int AS n FROM _prisma_migrations')).toEqual([{ n: committed.length + 1 }]);
  } finally {
    await pool.end();
  }
});
