import { readFileSync } from 'node:fs';
import pg from 'pg';
import { Prisma } from '../../generated/prisma/client';
import { applyMigrations, pgExecutor } from '../../db/migrator';
import { createEmptyTestDatabase, type EmptyTestDatabase } from '../../support/test-database';
import { readDatabaseShape } from './database-shape';
import { expectedDatabaseShape, modelFields, readSchemaBlocks, schemaPath } from './prisma-schema';

// A change to schema.prisma without a migration (or the reverse) fails here, because
// `prisma migrate dev`, which would notice, cannot run on these machines.

let database: EmptyTestDatabase;
let client: pg.Client;

beforeAll(async () => {
  database = await createEmptyTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await applyMigrations(pgExecutor(client));
});

afterAll(async () => {
  await client.end();
  await database.drop();
});

async function migratedShape() {
  const shape = await readDatabaseShape(pgExecutor(client));
  delete shape.tables._prisma_migrations;
  return shape;
}

test('the migrated database has the tables, columns, keys and indexes of schema.prisma, the CHECK constraints and triggers of database-guards.ts, and no others', async () => {
  expect(await migratedShape()).toEqual(expectedDatabaseShape());
});

test('the schema reader sees the same models and fields as the generated client', () => {
  const models = readSchemaBlocks().filter((b) => b.kind === 'model');
  const fromSchema = Object.fromEntries(
    models.map((m) => [
      m.name,
      modelFields(m).filter((f) => !models.some((other) => other.name === f.type)).map((f) => f.name).sort(),
    ]),
  );
  const namespace = Prisma as unknown as Record<string, Record<string, string>>;
  const fromClient = Object.fromEntries(
    Object.values(Prisma.ModelName).map((m) => [m, Object.values(namespace[`${m}ScalarFieldEnum`]!).sort()]),
  );

  // When this fails after a schema edit, run `npm run generate`.
  expect(fromSchema).toEqual(fromClient);
});

test('a database that lost a column or a constraint is reported as different', async () => {
  await client.query('BEGIN');
  try {
    await client.query('ALTER TABLE "applicants" DROP COLUMN "phone"');
    await client.query('DROP INDEX "application_steps_application_id_sequence_key"');
    const shape = await migratedShape();

    expect(shape.tables.applicants?.columns.phone).toBeUndefined();
    expect(shape.tables.application_steps?.uniques).toEqual([]);
    expect(shape).not.toEqual(expectedDatabaseShape());
  } finally {
    await client.query('ROLLBACK');
  }
});

test('a database that lost a CHECK constraint or an audit trigger is reported as different', async () => {
  await client.query('BEGIN');
  try {
    await client.query('ALTER TABLE "applications" DROP CONSTRAINT "applications_requested_amount_positive"');
    await client.query('DROP TRIGGER "escalations_append_only" ON "escalations"');
    const shape = await migratedShape();

    expect(shape.tables.applications?.checks).not.toContain('applications_requested_amount_positive (requested_amount)');
    expect(shape.tables.escalations?.triggers).toEqual([
      'escalations_no_truncate BEFORE TRUNCATE FOR EACH STATEMENT refuse_audit_trail_change()',
    ]);
    expect(shape).not.toEqual(expectedDatabaseShape());
  } finally {
    await client.query('ROLLBACK');
  }
});

test('a field added to schema.prisma without a migration is reported as different', async () => {
  const schema = readFileSync(schemaPath, 'utf8');
  const edited = schema.replace(/(model Applicant \{\n)/, '$1  note String? @map("note")\n');
  expect(edited).not.toBe(schema);

  const expected = expectedDatabaseShape(readSchemaBlocks(edited));

  expect(expected.tables.applicants?.columns.note).toEqual({ type: 'text', nullable: true, hasDefault: false });
  expect(await migratedShape()).not.toEqual(expected);
});
