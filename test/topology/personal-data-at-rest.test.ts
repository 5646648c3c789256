import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { aNationalId } from '../../support/national-ids';
import { createTestDatabase, type TestDatabase, withClient } from '../../support/test-database';
import { consoleSearch } from './support/console-search';
import { type EmbeddedStack, startEmbeddedStack } from './support/embedded-stack';
import { relationBytes, relationsHolding, storeUncompressed } from './support/relation-bytes';

jest.setTimeout(300_000);

/**
 * Issue 14's "done when": after applications went through `npm start` on a real PostgreSQL,
 * no applicant's national id, name, phone or address is anywhere in the bytes at rest (every
 * relation's files, Temporal's SQLite file, DATA_DIR), while the agency reads them back in
 * plain and the console still finds a case by national id and by a word of the name.
 */
const run = randomBytes(3).toString('hex');
const persianDigits = (ascii: string) => ascii.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)]!);
const phoneDigits = () => `912${String(1_000_000 + Math.floor(Math.random() * 8_999_999))}`;

/** Each applicant's words are unlike anything else in the database, so a find is a leak, not a coincidence. */
const applicants = [
  { sent: { nationalId: aNationalId(), fullName: 'Zarvandokht Qeshmipour', phone: `+98${phoneDigits()}`, address: 'Narenjestan Alley 41, Kolbehsara Quarter' }, words: ['Zarvandokht', 'Qeshmipour', 'Narenjestan', 'Kolbehsara'] },
  { sent: { nationalId: '', fullName: 'پریزاد کوهسارانی', phone: `0${phoneDigits()}`, address: 'کوچه نارنجستان ۴۱، محله گیلوانسرا' }, words: ['پریزاد', 'کوهسارانی', 'نارنجستان', 'گیلوانسرا'] },
  { sent: { nationalId: aNationalId(), fullName: 'Shahrbanoo Daryakenari', phone: `0098${phoneDigits()}`, address: 'Tootfarangi Lane 9, Abgineh Estate' }, words: ['Shahrbanoo', 'Daryakenari', 'Tootfarangi', 'Abgineh'] },
];
// The second is typed with Persian digits, as an official would: stored (sealed) as ASCII.
const secondId = aNationalId();
applicants[1]!.sent.nationalId = persianDigits(secondId);
const asciiIds = [applicants[0]!.sent.nationalId, secondId, applicants[2]!.sent.nationalId];
const references = applicants.map((_, index) => `PDR-${run}-${index}`);
const district = 'lahijan_city';

type Particulars = { nationalId: string; fullName: string; phone: string; address: string };
let dataDir: string;
let database: TestDatabase;
let stack: EmbeddedStack;
const ids: string[] = [];
const readBack: Particulars[] = [];

const call = async (method: string, url: string, key: string, body?: object, headers: Record<string, string> = {}) => {
  const answer = await fetch(`${stack.baseUrl}${url}`, { method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: answer.status, headers: answer.headers, body: (await answer.json()) as Record<string, unknown> };
};
const submission = (index: number) => ({
  agencyReference: references[index],
  applicant: { ...applicants[index]!.sent, district },
  requestedAmount: '150000000000',
  purpose: 'Tea-processing micro-workshop',
  jobsCommitted: 3,
  district,
});
const categorize = { category: 'micro_workshop', priority: 'high', bankId: 'bank-melli' };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'personal-data-at-rest-'));
  database = await createTestDatabase();
  await withClient(database.url, storeUncompressed);
  stack = await startEmbeddedStack({ databaseUrl: database.url, dataDir });
  for (const index of applicants.keys()) {
    // The first submission and the second's categorization carry an Idempotency-Key: their responses are stored.
    const submitted = await call('POST', '/applications', stack.keys.agency, submission(index), index === 0 ? { 'Idempotency-Key': `submit-${run}` } : {});
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    ids.push(id);
    const categorized = await call('POST', `/applications/${id}/steps/categorize`, stack.keys.agency, categorize, index === 1 ? { 'Idempotency-Key': `categorize-${run}` } : {});
    expect(categorized.status).toBe(200);
    expect((await call('POST', `/applications/${id}/steps/acknowledge-receipt`, stack.keys.bank, {})).status).toBe(200);
  }
  await untilInDatabase();
  for (const id of ids) readBack.push((await call('GET', `/applications/${id}`, stack.keys.agency)).body.applicant as Particulars);
});

/** Every application's three steps recorded, and both idempotent responses stored. */
async function untilInDatabase(): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const [steps, responses] = await withClient(database.url, async (client) => [
      (await client.query('SELECT count(*)::int AS n FROM application_steps WHERE application_id = ANY($1)', [ids])).rows[0].n as number,
      (await client.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE response_status IS NOT NULL')).rows[0].n as number,
    ]);
    if (steps >= 3 * ids.length && responses >= 2) return;
    if (Date.now() > deadline) throw new Error(`not in the database after 60 s: ${steps} steps, ${responses} stored responses`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

afterAll(async () => {
  await stack?.stop();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

/** What must not be found: each value as sent and as stored, the national id in both digit sets, the local phone form, each distinctive word. */
function needles(index: number): { field: string; value: string }[] {
  const { sent, words } = applicants[index]!;
  const stored = readBack[index]!;
  const values = [
    ...['nationalId', 'fullName', 'phone', 'address'].flatMap((field) => [sent, stored].map((p) => ({ field, value: p[field as keyof Particulars] }))),
    { field: 'nationalId', value: asciiIds[index]! },
    { field: 'nationalId', value: persianDigits(asciiIds[index]!) },
    { field: 'phone', value: `0${stored.phone.slice(-10)}` },
    ...words.map((word) => ({ field: 'word', value: word })),
  ];
  return values.filter((n, i) => values.findIndex((m) => m.value === n.value) === i);
}

test("the agency reads each applicant's particulars back in plain, from the application and from a replayed submission", async () => {
  expect(readBack).toEqual(
    applicants.map(({ sent }, index) => ({ nationalId: asciiIds[index], fullName: sent.fullName, phone: `+98${sent.phone.slice(-10)}`, address: sent.address, district, erasedAt: null })),
  );
  const replay = await call('POST', '/applications', stack.keys.agency, submission(0), { 'Idempotency-Key': `submit-${run}` });
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.body.applicant).toEqual(readBack[0]);
});

test('the console finds each case by its whole national id (as typed, Persian digits too) and by a word of the name', async () => {
  const casesFound = await consoleSearch(stack.baseUrl, stack.agencyConsole.username, stack.agencyConsole.password);
  for (const [index, id] of ids.entries()) {
    expect(await casesFound(asciiIds[index]!)).toEqual([id]);
    expect(await casesFound(persianDigits(asciiIds[index]!))).toEqual([id]);
    expect(await casesFound(applicants[index]!.words[1]!)).toEqual([id]);
  }
  // A valid national id nobody applied with finds nothing: the search is not "everything".
  expect(await casesFound(aNationalId())).toEqual([]);
});

test("no applicant's particulars are in the raw bytes of any PostgreSQL relation, where the agency references are", async () => {
  const relations = await withClient(database.url, relationBytes);
  expect(relations.map((r) => r.name)).toEqual(expect.arrayContaining(['public.applicants', 'public.application_steps', 'public.idempotency_keys']));
  // The controls: plain columns of the same rows are found, so the scan reads the right bytes.
  for (const reference of references) expect(relationsHolding(relations, Buffer.from(reference))).toContain('public.applications');
  expect(relationsHolding(relations, Buffer.from(district))).toContain('public.applicants');
  for (const id of ids) expect(relationsHolding(relations, Buffer.from(id))).toContain('public.applicants');
  const leaks = applicants.flatMap((_, index) =>
    needles(index).flatMap(({ field, value }) => {
      const found = relationsHolding(relations, Buffer.from(value, 'utf8'));
      return found.length > 0 ? [{ applicant: index, field, value, relations: found }] : [];
    }),
  );
  expect(leaks).toEqual([]);
});

test("none are in Temporal's SQLite file nor in any other file of DATA_DIR but the keys", async () => {
  // Stopped first, so SQLite's write-ahead log is checkpointed into the file (the log is read too, if left).
  await stack.stop();
  const keyFiles = new Set(['payload-keys.txt', 'field-keys.txt', 'blind-index-key.txt', 'initial-api-keys.txt', 'initial-console-passwords.txt']);
  const names: string[] = [];
  for (const name of await readdir(dataDir, { recursive: true })) {
    if (!keyFiles.has(path.basename(name)) && (await stat(path.join(dataDir, name))).isFile()) names.push(name);
  }
  const files = await Promise.all(names.map(async (name) => ({ name, bytes: await readFile(path.join(dataDir, name)) })));
  const sqlite = files.filter((file) => /temporal.*\.(db|sqlite)(-wal)?$/.test(file.name));
  expect(sqlite.length).toBeGreaterThan(0);
  // The workflow ids are not personal and stay plain: they prove the scan reads the right file.
  for (const id of ids) expect(sqlite.some((file) => file.bytes.includes(Buffer.from(id)))).toBe(true);
  const leaks = applicants.flatMap((_, index) =>
    needles(index).flatMap(({ field, value }) => {
      const found = files.filter((file) => file.bytes.includes(Buffer.from(value, 'utf8'))).map((file) => file.name);
      return found.length > 0 ? [{ applicant: index, field, value, files: found }] : [];
    }),
  );
  expect(leaks).toEqual([]);
});
