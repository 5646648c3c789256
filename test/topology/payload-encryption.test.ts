import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createEmptyTestDatabase, type EmptyTestDatabase } from '../../support/test-database';
import { freePort } from '../../support/free-port';
import { startWorkerProcess, stopWorkerProcess, type WorkerProcess } from '../../support/worker-process';

jest.setTimeout(240_000);

/**
 * The embedded default (`npm start`: one process, its own Temporal dev server) writes every
 * workflow payload encrypted: the applicants' particulars sent through the API appear nowhere in
 * Temporal's own SQLite file, while an admin still reads them in the history timeline.
 */
const applicants = [
  { nationalId: '0499370899', fullName: 'Fereshteh Habibzadeh', phone: '+989131112233', address: 'Golestan Alley 7, Lahijan' },
  { nationalId: '2591234566', fullName: 'فرشته حبیب‌زاده', phone: '+989141234567', address: 'کوچه گلستان ۷، لاهیجان' },
];

let dataDir: string;
let database: EmptyTestDatabase;
let server: WorkerProcess;
let baseUrl: string;
let keys: Record<'agency' | 'bank' | 'admin', string>;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'payload-encryption-'));
  database = await createEmptyTestDatabase();
  const [apiPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  baseUrl = `http://127.0.0.1:${apiPort}`;
  server = await startWorkerProcess(
    {
      databaseUrl: database.url,
      temporalAddress: `127.0.0.1:${temporalPort}`,
      taskQueue: 'loan-applications',
      workflowBundlePath: '',
      env: { RUN_MODE: 'all', TEMPORAL_DEV_SERVER: 'true', DATA_DIR: dataDir, PORT: String(apiPort), PUBLIC_BASE_URL: baseUrl, TEMPORAL_UI_URL: `http://127.0.0.1:${uiPort}`, PAYLOAD_KEYS: '' },
      readyLine: 'API listening on',
    },
    180_000,
  );
  const lines = (await readFile(path.join(dataDir, 'initial-api-keys.txt'), 'utf8')).split('\n').map((line) => line.trim().split(/\s+/));
  const keyOf = (username: string) => lines.find((line) => line[1] === username)![2]!;
  keys = { agency: keyOf('relief-committee'), bank: keyOf('bank-melli'), admin: keyOf('operator') };
});

/** SIGINT, as Ctrl-C after `npm start`: the process stops its own dev server (a SIGKILL would orphan it). */
async function stopGracefully(): Promise<void> {
  if (!server?.isRunning()) return;
  server.kill('SIGINT');
  const timeout = setTimeout(() => void stopWorkerProcess(server), 30_000);
  await server.exited;
  clearTimeout(timeout);
}

afterAll(async () => {
  await stopGracefully();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

const call = async (method: string, url: string, key: string, body?: object) => {
  const answer = await fetch(`${baseUrl}${url}`, { method, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
};

test("no applicant's particulars reach Temporal's database in plain text, and an admin still reads them", async () => {
  const ids: string[] = [];
  for (const [index, applicant] of applicants.entries()) {
    const submitted = await call('POST', '/applications', keys.agency, {
      agencyReference: `ENC-${index}`,
      applicant: { ...applicant, district: 'lahijan_city' },
      requestedAmount: '150000000000',
      purpose: 'Tea-processing micro-workshop',
      jobsCommitted: 3,
      district: 'lahijan_city',
    });
    expect(submitted.status).toBe(201);
    const id = submitted.body.id as string;
    ids.push(id);
    expect((await call('POST', `/applications/${id}/steps/categorize`, keys.agency, { category: 'micro_workshop', priority: 'high', bankId: 'bank-melli' })).status).toBe(200);
    expect((await call('POST', `/applications/${id}/steps/acknowledge-receipt`, keys.bank, {})).status).toBe(200);
  }

  // The admin's timeline decodes through the same codec.
  const history = await call('GET', `/applications/${ids[1]}/history`, keys.admin);
  expect(history.status).toBe(200);
  expect(JSON.stringify(history.body)).toContain(applicants[1]!.nationalId);

  // Stop first, so SQLite's write-ahead log is checkpointed into the file (the log is read too).
  await stopGracefully();
  const temporalFiles = (await readdir(dataDir, { recursive: true })).filter((name) => /temporal.*\.db(-wal)?$|\.sqlite/.test(name));
  expect(temporalFiles.length).toBeGreaterThan(0);
  const bytes = Buffer.concat(await Promise.all(temporalFiles.map((name) => readFile(path.join(dataDir, name)))));
  // The workflow ids are not personal and stay plain: they prove the scan reads the right file.
  for (const id of ids) expect(bytes.includes(Buffer.from(id))).toBe(true);
  for (const applicant of applicants) {
    for (const [field, value] of Object.entries(applicant)) {
      expect({ field, found: bytes.includes(Buffer.from(value, 'utf8')) }).toEqual({ field, found: false });
    }
  }
});
