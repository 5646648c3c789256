import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { workflowIdFor } from '../../domain/contract';
import { KEY_ID_METADATA } from '../../security/encryption-codec';
import { sealingKeyIdOf } from '../../security/field-cipher';
import { newBlindIndexKey } from '../../server/field-cipher';
import { aNationalId } from '../../support/national-ids';
import { createTestDatabase, type TestDatabase, withClient } from '../../support/test-database';
import { consoleSearch } from './support/console-search';
import { type EmbeddedStack, startEmbeddedStack } from './support/embedded-stack';

jest.setTimeout(600_000);

/**
 * Issue 14's "rotating the key keeps every old application readable and every new one on the new
 * key", on the real stack (the `npm start` process, its own Temporal dev server whose SQLite file
 * in DATA_DIR survives restarts, a real PostgreSQL): an application written under the first keys
 * is still read and moved on after new keys are put first; each application's database row and
 * Temporal history are under the key of its time; `rotate-field-keys`, run while the service
 * runs, moves the old row to the new key, after which the old field key can be dropped.
 */
const keyEntry = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const [aPayload, bPayload, aField, bField] = ['a-payload', 'b-payload', 'a-field', 'b-field'].map(keyEntry) as [string, string, string, string];
const blindIndexKey = newBlindIndexKey();
const district = 'lahijan_city';
const applicants = [
  { nationalId: aNationalId(), fullName: 'Golnesa Rudbaraki', phone: '+989121234567', address: 'Chaykhaneh Alley 3, Lahijan', district },
  { nationalId: aNationalId(), fullName: 'Behdokht Sefidroudi', phone: '+989131234568', address: 'Shalizar Lane 12, Lahijan', district },
];

let dataDir: string;
let database: TestDatabase;
let stack: EmbeddedStack | undefined;
const ids: string[] = [];

const startWith = async (keys: { PAYLOAD_KEYS: string; FIELD_KEYS: string }) => {
  stack = await startEmbeddedStack({ databaseUrl: database.url, dataDir, env: { ...keys, BLIND_INDEX_KEY: blindIndexKey } });
  return stack;
};
const call = async (method: string, url: string, key: string, body?: object) => {
  const answer = await fetch(`${stack!.baseUrl}${url}`, { method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
};
const submitAndCategorize = async (index: number) => {
  const { agency } = stack!.keys;
  const body = { agencyReference: `ROT-${randomBytes(3).toString('hex')}`, applicant: applicants[index], requestedAmount: '150000000000', purpose: 'Tea-drying workshop', jobsCommitted: 3, district };
  const submitted = await call('POST', '/applications', agency, body);
  expect(submitted.status).toBe(201);
  const id = submitted.body.id as string;
  expect((await call('POST', `/applications/${id}/steps/categorize`, agency, { category: 'micro_workshop', priority: 'high', bankId: 'bank-melli' })).status).toBe(200);
  await untilSteps(id, 2);
  return id;
};

/** The application's steps are in its projection (written by the worker after each step). */
async function untilSteps(id: string, count: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  while ((await withClient(database.url, (c) => c.query('SELECT count(*)::int AS n FROM application_steps WHERE application_id = $1', [id]))).rows[0].n < count) {
    if (Date.now() > deadline) throw new Error(`application ${id} has not ${count} steps in the database after 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The key ids that sealed each particular of the application's applicant row. */
const fieldKeysOf = (id: string) =>
  withClient(database.url, async (client) => {
    const { rows } = await client.query('SELECT p.national_id, p.full_name, p.phone, p.address FROM applicants p JOIN applications a ON a.applicant_id = p.id WHERE a.id = $1', [id]);
    return [...new Set(Object.values(rows[0] as Record<string, string>).map(sealingKeyIdOf))];
  });

/** The start and submit payloads of the application's workflow as Temporal stores them, read without the codec. */
async function rawPayloads(id: string): Promise<{ start: temporal.api.common.v1.IPayload; submit: temporal.api.common.v1.IPayload }> {
  const connection = await Connection.connect({ address: stack!.temporalAddress });
  try {
    const { events } = await new Client({ connection }).workflow.getHandle(workflowIdFor(id)).fetchHistory();
    const submit = events!.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'submit');
    return {
      start: events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!,
      submit: submit!.workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest!.input!.args!.payloads![0]!,
    };
  } finally {
    await connection.close();
  }
}
const keyIdOf = (payload: temporal.api.common.v1.IPayload) => Buffer.from(payload.metadata![KEY_ID_METADATA]!).toString('utf8');
const base64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');

/** POST /codec/decode, as the Web UI calls it: proto3 JSON, every bytes field in base64. */
async function decodeThroughCodec(payload: temporal.api.common.v1.IPayload, key: string) {
  const body = { payloads: [{ metadata: Object.fromEntries(Object.entries(payload.metadata!).map(([k, v]) => [k, base64(v)])), data: base64(payload.data) }] };
  const answer = await call('POST', '/codec/decode', key, body);
  const decoded = (answer.body.payloads as { data: string }[] | undefined)?.[0];
  return { status: answer.status, text: decoded ? Buffer.from(decoded.data, 'base64').toString('utf8') : '' };
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'key-rotation-'));
  database = await createTestDatabase();
});

afterAll(async () => {
  await stack?.stop();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

test('under the first keys, an application is submitted and categorized', async () => {
  await startWith({ PAYLOAD_KEYS: aPayload, FIELD_KEYS: aField });
  ids.push(await submitAndCategorize(0));
  await stack!.stop();
});

test('with new keys put first, the old application is read and moves on, and each is under the keys of its time', async () => {
  const { agency, bank } = (await startWith({ PAYLOAD_KEYS: `${bPayload},${aPayload}`, FIELD_KEYS: `${bField},${aField}` })).keys;
  ids.push(await submitAndCategorize(1));
  expect((await call('GET', `/applications/${ids[0]}`, agency)).body.applicant).toEqual({ ...applicants[0], erasedAt: null });
  // The worker replays app 1's history, written under the old payload key, to take this step.
  expect((await call('POST', `/applications/${ids[0]}/steps/acknowledge-receipt`, bank, {})).status).toBe(200);

  expect(await fieldKeysOf(ids[0]!)).toEqual(['a-field']);
  expect(await fieldKeysOf(ids[1]!)).toEqual(['b-field']);
  const [first, second] = [await rawPayloads(ids[0]!), await rawPayloads(ids[1]!)];
  expect([keyIdOf(first.start), keyIdOf(first.submit)]).toEqual(['a-payload', 'a-payload']);
  expect([keyIdOf(second.start), keyIdOf(second.submit)]).toEqual(['b-payload', 'b-payload']);
});

test("an admin decodes both histories' submissions through the codec endpoint, and the agency may not", async () => {
  for (const [index, id] of ids.entries()) {
    const { submit } = await rawPayloads(id);
    // Read without the codec, the stored bytes do not hold the applicant.
    expect(Buffer.from(submit.data!).includes(Buffer.from(applicants[index]!.fullName))).toBe(false);
    const decoded = await decodeThroughCodec(submit, stack!.keys.admin);
    expect(decoded.status).toBe(200);
    expect(JSON.parse(decoded.text)).toMatchObject({ submission: { applicant: { nationalId: applicants[index]!.nationalId, fullName: applicants[index]!.fullName } } });
    expect((await decodeThroughCodec(submit, stack!.keys.agency)).status).toBe(403);
  }
});

test('rotate-field-keys, run while the service runs, re-seals the old application under the new field key', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/admin.ts', 'rotate-field-keys'], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: database.url, DATA_DIR: dataDir, FIELD_KEYS: `${bField},${aField}`, BLIND_INDEX_KEY: blindIndexKey },
  });
  // App 1's row and its submit step were under the old key; app 2's already under the new one.
  expect(stdout).toMatch(/sealed under b-field: 1 applicants, 1 submit steps/);
  expect(await fieldKeysOf(ids[0]!)).toEqual(['b-field']);
  expect((await call('GET', `/applications/${ids[0]}`, stack!.keys.agency)).body.applicant).toEqual({ ...applicants[0], erasedAt: null });
});

test('with the old field key dropped, both applications read back in plain and the console still finds the old one', async () => {
  await stack!.stop();
  // The old payload key stays: histories written under it are still in Temporal.
  const { agency } = (await startWith({ PAYLOAD_KEYS: `${bPayload},${aPayload}`, FIELD_KEYS: bField })).keys;
  for (const [index, id] of ids.entries()) {
    expect((await call('GET', `/applications/${id}`, agency)).body.applicant).toEqual({ ...applicants[index], erasedAt: null });
    expect((await call('GET', `/applications/${id}/steps`, agency)).status).toBe(200);
  }
  const casesFound = await consoleSearch(stack!.baseUrl, stack!.agencyConsole.username, stack!.agencyConsole.password);
  expect(await casesFound(applicants[0]!.nationalId)).toEqual([ids[0]]);
});
