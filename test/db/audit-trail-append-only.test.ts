import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { applyMigrations, defaultMigrationsDir, pgExecutor } from '../../db/migrator';
import { createEmptyTestDatabase, createTestDatabase, type TestDatabase } from '../../support/test-database';
import { auditTables } from './database-guards';
import { seedOneApplication } from './fixtures';

// The audit tables refuse UPDATE, DELETE and TRUNCATE from the application's own role, unless
// the transaction has set `SET LOCAL loan.audit_repair = 'on'`: the contract the projection
// repair in activities/ relies on.

let db: TestDatabase;
let client: pg.Client;
let f: Awaited<ReturnType<typeof seedOneApplication>>;

beforeAll(async () => {
  db = await createTestDatabase();
  f = await seedOneApplication(db.prisma);
  await db.prisma.applicationStep.create({ data: f.step });
  await db.prisma.escalation.create({ data: f.escalation });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await db.drop();
});

const refusal = { code: '23001', message: expect.stringContaining('the audit trail is append-only') };

const changes: [string, string][] = [
  ['an UPDATE of a step', `UPDATE application_steps SET comment = 'rewritten' WHERE application_id = 'app-1'`],
  ['a DELETE of a step', `DELETE FROM application_steps WHERE application_id = 'app-1'`],
  ['a TRUNCATE of the steps', 'TRUNCATE application_steps'],
  ['an UPDATE of an escalation', `UPDATE escalations SET level = 'reminder' WHERE application_id = 'app-1'`],
  ['a DELETE of an escalation', `DELETE FROM escalations WHERE application_id = 'app-1'`],
  ['a TRUNCATE of the escalations', 'TRUNCATE escalations'],
];

async function auditRows() {
  const steps = await client.query('SELECT sequence, comment FROM application_steps ORDER BY sequence');
  const escalations = await client.query('SELECT escalation_key, level FROM escalations ORDER BY id');
  return { steps: steps.rows, escalations: escalations.rows };
}

describe('without the repair setting', () => {
  test.each(changes)('%s is refused and changes nothing', async (_label, sql) => {
    const before = await auditRows();

    await expect(client.query(sql)).rejects.toMatchObject(refusal);

    expect(await auditRows()).toEqual(before);
    expect(before.steps).toHaveLength(1);
    expect(before.escalations).toHaveLength(1);
  });

  test("the application's Prisma client cannot update or delete a step or an escalation either", async () => {
    await expect(db.prisma.applicationStep.update({ where: { id: f.step.id }, data: { comment: 'rewritten' } })).rejects.toThrow(
      'append-only',
    );
    await expect(db.prisma.escalation.deleteMany({ where: { applicationId: f.application.id } })).rejects.toThrow('append-only');
    expect(await db.prisma.applicationStep.findUniqueOrThrow({ where: { id: f.step.id } })).toMatchObject({ comment: f.step.comment });
  });

  test("a setting other than 'on' does not open the tables", async () => {
    await client.query('BEGIN');
    try {
      await client.query(`SET LOCAL loan.audit_repair = 'true'`);
      await expect(client.query(changes[0]![1])).rejects.toMatchObject(refusal);
    } finally {
      await client.query('ROLLBACK');
    }
  });
});

// One guard function serves every audit table: a condition it reads must exist on each of them,
// or the refusal becomes another error (once "record old has no field step", which a case note's
// repair then retried for ever).
describe('every audit table', () => {
  test.each(auditTables)('a TRUNCATE of %s is refused as an integrity violation', async (table) => {
    await expect(client.query(`TRUNCATE ${table}`)).rejects.toMatchObject(refusal);
  });

  test('a case note is refused a DELETE, and a repair deletes it', async () => {
    const note = `INSERT INTO case_notes (application_id, number, kind, actor_user_id, actor_org_id, actor_role, data, occurred_at, after_sequence, note_hash)
      VALUES ('app-1', 1, 'comment', 'user-1', 'org-agency', 'agency', '{}', now(), 1, 'hash')`;
    await client.query(note);
    await expect(client.query(`DELETE FROM case_notes WHERE application_id = 'app-1'`)).rejects.toMatchObject(refusal);

    await client.query('BEGIN');
    await client.query(`SET LOCAL loan.audit_repair = 'on'`);
    await client.query(`DELETE FROM case_notes WHERE application_id = 'app-1'`);
    await client.query('COMMIT');

    expect((await client.query(`SELECT count(*)::int AS n FROM case_notes WHERE application_id = 'app-1'`)).rows).toEqual([{ n: 0 }]);
  });
});

describe("with SET LOCAL loan.audit_repair = 'on' in the transaction", () => {
  test('a repair may update and delete steps and escalations, and the setting ends with its transaction', async () => {
    await client.query('BEGIN');
    await client.query(`SET LOCAL loan.audit_repair = 'on'`);
    await client.query(`UPDATE application_steps SET comment = 'repaired' WHERE application_id = 'app-1'`);
    await client.query(`UPDATE escalations SET level = 'reminder' WHERE application_id = 'app-1'`);
    await client.query(`DELETE FROM escalations WHERE application_id = 'app-1'`);
    await client.query('COMMIT');

    expect(await auditRows()).toEqual({ steps: [{ sequence: 1, comment: 'repaired' }], escalations: [] });
    // Same connection, next transaction: closed again.
    await expect(client.query(changes[1]![1])).rejects.toMatchObject(refusal);
  });

  test('a repair through an interactive Prisma transaction is allowed, and the client is refused again afterwards', async () => {
    await db.prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('loan.audit_repair', 'on', true)`;
      await tx.applicationStep.update({ where: { id: f.step.id }, data: { comment: 'repaired by prisma' } });
    });

    expect(await db.prisma.applicationStep.findUniqueOrThrow({ where: { id: f.step.id } })).toMatchObject({
      comment: 'repaired by prisma',
    });
    await expect(db.prisma.applicationStep.delete({ where: { id: f.step.id } })).rejects.toThrow('append-only');
  });
});

test('new steps and escalations are still appended', async () => {
  await db.prisma.applicationStep.create({ data: { ...f.step, id: 5n, sequence: 2, step: 'categorize' } });
  await db.prisma.escalation.create({ data: { ...f.escalation, id: 6n, escalationKey: 'categorization:1:reminder' } });

  expect(await auditRows()).toMatchObject({ steps: [{ sequence: 1 }, { sequence: 2 }], escalations: [{ escalation_key: 'categorization:1:reminder' }] });
});

describe('the migration guards projection_repairs only where the table exists', () => {
  const ownMigration = '20261127100200_constraints_and_indexes';

  test.each([
    ['without a projection_repairs table, it applies and guards the other two', false],
    ['with a projection_repairs table, it guards that table too', true],
  ])('%s', async (_label, withRepairsTable) => {
    const database = await createEmptyTestDatabase();
    const migrationsDir = await mkdtemp(path.join(os.tmpdir(), 'migrations-'));
    const migrator = new pg.Client({ connectionString: database.url });
    await migrator.connect();
    try {
      for (const name of (await readdir(defaultMigrationsDir)).filter((n) => n < ownMigration)) {
        await cp(path.join(defaultMigrationsDir, name), path.join(migrationsDir, name), { recursive: true });
      }
      await applyMigrations(pgExecutor(migrator), migrationsDir);
      await migrator.query(
        withRepairsTable ? 'CREATE TABLE IF NOT EXISTS projection_repairs (id bigint)' : 'DROP TABLE IF EXISTS projection_repairs CASCADE',
      );
      await cp(path.join(defaultMigrationsDir, ownMigration), path.join(migrationsDir, ownMigration), { recursive: true });

      expect(await applyMigrations(pgExecutor(migrator), migrationsDir)).toEqual([ownMigration]);

      const triggers = await migrator.query<{ table: string }>(
        `SELECT DISTINCT tgrelid::regclass::text AS table FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`,
      );
      expect(triggers.rows.map((r) => r.table)).toEqual(
        withRepairsTable ? ['application_steps', 'escalations', 'projection_repairs'] : ['application_steps', 'escalations'],
      );
    } finally {
      await migrator.end();
      await rm(migrationsDir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
