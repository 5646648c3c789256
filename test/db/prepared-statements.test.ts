import { readApplication, readApplicationPage } from '../../api/application-read';
import { maxPreparedStatements, preparedMarker, preparedStatementName } from '../../db/prepared-statements';
import { type Database, openDatabase } from '../../db/prisma-client';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { seedOneApplication } from './fixtures';

// Statements marked `/* prepared */` are parsed once per connection and reused (issue 13); the
// others stay unnamed, and a prepared statement answers exactly what an unprepared one does.
// The app's database runs on a pool of one connection here, so its session is the one we look at.

let plain: TestDatabase;
let app: Database;
let f: Awaited<ReturnType<typeof seedOneApplication>>;

beforeAll(async () => {
  plain = await createTestDatabase();
  f = await seedOneApplication(plain.prisma);
  app = await openDatabase({ databaseUrl: plain.url, poolSize: 1 });
});
afterAll(async () => {
  await app?.close();
  await plain?.drop();
});

interface PreparedRow {
  name: string;
  statement: string;
  executions: number;
}

/** The statements prepared in the app's single connection, with how often each ran. */
function preparedInSession(): Promise<PreparedRow[]> {
  return app.executor.query<PreparedRow>(
    'SELECT name, statement, (generic_plans + custom_plans)::int AS executions FROM pg_prepared_statements ORDER BY name',
  );
}

test('a marked Prisma statement is prepared once on the connection and reused, with the same rows as unprepared', async () => {
  // `plain`'s client names no statements: its rows are what the app read before statements were prepared.
  const unprepared = await readApplication(plain.prisma, f.application.id);
  expect(unprepared).not.toBeNull();
  for (let i = 0; i < 3; i++) expect(await readApplication(app.prisma, f.application.id)).toEqual(unprepared);
  expect(await readApplicationPage(app.prisma, [f.application.id])).toEqual(await readApplicationPage(plain.prisma, [f.application.id]));
  expect(await readApplication(app.prisma, 'no-such-application')).toBeNull();

  const prepared = await preparedInSession();
  const read = prepared.filter((row) => row.statement.includes('WHERE a.id = $1'));
  expect(read.map(({ name, statement, executions }) => ({ named: name === preparedStatementName(statement), executions }))).toEqual([
    { named: true, executions: 4 },
  ]);
  const page = prepared.filter((row) => row.statement.includes('ANY($1::text[])'));
  expect(page.map((row) => row.executions)).toEqual([1]);
});

test('unmarked statements, Prisma’s own included, are not prepared', async () => {
  await app.prisma.application.findUnique({ where: { id: f.application.id }, include: { applicant: true } });
  await app.prisma.$queryRaw`SELECT count(*) FROM applications WHERE id = ${f.application.id}`;
  await app.executor.query('SELECT count(*) FROM applications WHERE id = $1', [f.application.id]);

  const prepared = await preparedInSession();
  expect(prepared.length).toBeGreaterThan(0);
  for (const row of prepared) expect(row.statement.trimStart().startsWith(preparedMarker)).toBe(true);
});

test('a marked statement through the raw SQL executor is prepared once and reused too', async () => {
  const sql = `${preparedMarker} SELECT id, stage FROM applications WHERE id = $1`;
  expect(await app.executor.query(sql, [f.application.id])).toEqual([{ id: f.application.id, stage: f.application.stage }]);
  expect(await app.executor.query(sql, ['no-such-application'])).toEqual([]);

  const mine = (await preparedInSession()).filter((row) => row.statement === sql);
  expect(mine).toEqual([{ name: preparedStatementName(sql), statement: sql, executions: 2 }]);
});

test('after a migration changes the type of a column a prepared statement returns, it fails once on each connection, which the pool then replaces', async () => {
  // What an older process meets when another one's migration runs under it: PostgreSQL refuses the
  // stale plan, and pg's pool drops a connection whose query failed, so the next call prepares anew.
  await plain.prisma.$executeRawUnsafe('CREATE TABLE prepared_probe (id text PRIMARY KEY, label varchar(10))');
  await plain.prisma.$executeRawUnsafe("INSERT INTO prepared_probe VALUES ('a', 'first')");
  const probe = () => app.prisma.$queryRaw<Array<{ label: string }>>`/* prepared */ SELECT label FROM prepared_probe WHERE id = ${'a'}`;
  const probeRaw = () => app.executor.query<{ label: string }>('/* prepared */ SELECT label FROM prepared_probe WHERE id = $1', ['a']);
  expect(await probe()).toEqual([{ label: 'first' }]);
  expect(await probeRaw()).toEqual([{ label: 'first' }]);

  await plain.prisma.$executeRawUnsafe('ALTER TABLE prepared_probe ALTER COLUMN label TYPE varchar(20)');
  await expect(probe()).rejects.toThrow(/cached plan must not change result type/);
  expect(await probe()).toEqual([{ label: 'first' }]);
  // The replaced connection has nothing prepared yet: the raw statement is prepared afresh.
  expect(await probeRaw()).toEqual([{ label: 'first' }]);
});

test('names depend on the text alone, and only so many texts are ever named', () => {
  const sql = `${preparedMarker} SELECT 1`;
  expect(preparedStatementName(sql)).toBe(preparedStatementName(`${sql}`));
  expect(preparedStatementName(`${sql} + 1`)).not.toBe(preparedStatementName(sql));
  expect(preparedStatementName('SELECT 1')).toBeUndefined();
  expect(preparedStatementName(`SELECT 1 ${preparedMarker}`)).toBeUndefined();

  // A marked statement whose text varies without end: past the bound its texts run unprepared.
  const names = Array.from({ length: maxPreparedStatements + 5 }, (_, i) => preparedStatementName(`${preparedMarker} SELECT ${i}`));
  expect(names.filter((name) => name === undefined).length).toBeGreaterThanOrEqual(5);
  expect(new Set(names.filter(Boolean)).size).toBeLessThanOrEqual(maxPreparedStatements);
  // Texts named before keep their names.
  expect(preparedStatementName(sql)).toBeDefined();
});
