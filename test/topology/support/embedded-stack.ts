import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../../../support/free-port';
import { startWorkerProcess, stopWorkerProcess, type WorkerProcess } from '../../../support/worker-process';

/**
 * The embedded default as `npm start` runs it (RUN_MODE=all, its own Temporal dev server with
 * its SQLite file in DATA_DIR), on the given PostgreSQL database, with the API keys and
 * one-time console passwords its first run leaves in DATA_DIR.
 */
export interface EmbeddedStack {
  baseUrl: string;
  /** The embedded dev server's frontend, for a client without the payload codec (a new port each start). */
  temporalAddress: string;
  keys: Record<'agency' | 'bank' | 'admin', string>;
  /** The agency's console username and its one-time password. */
  agencyConsole: { username: string; password: string };
  server: WorkerProcess;
  /** SIGINT, as Ctrl-C: the process stops its own dev server (a SIGKILL would orphan it) and checkpoints SQLite. */
  stop(): Promise<void>;
}

const organizations = { agency: 'relief-committee', bank: 'bank-melli', admin: 'operator' } as const;

export async function startEmbeddedStack(settings: { databaseUrl: string; dataDir: string; env?: Record<string, string> }): Promise<EmbeddedStack> {
  const [apiPort, temporalPort, uiPort] = [await freePort(), await freePort(), await freePort()];
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const temporalAddress = `127.0.0.1:${temporalPort}`;
  const server = await startWorkerProcess(
    {
      databaseUrl: settings.databaseUrl,
      temporalAddress,
      taskQueue: 'loan-applications',
      workflowBundlePath: '',
      env: {
        RUN_MODE: 'all',
        TEMPORAL_DEV_SERVER: 'true',
        DATA_DIR: settings.dataDir,
        PORT: String(apiPort),
        PUBLIC_BASE_URL: baseUrl,
        TEMPORAL_UI_URL: `http://127.0.0.1:${uiPort}`,
        // Empty means unset: the embedded run makes and keeps its own keys in DATA_DIR.
        PAYLOAD_KEYS: '',
        FIELD_KEYS: '',
        BLIND_INDEX_KEY: '',
        ...settings.env,
      },
      readyLine: 'API listening on',
    },
    180_000,
  );
  const columnsOf = async (file: string) => (await readFile(path.join(settings.dataDir, file), 'utf8')).split('\n').map((line) => line.trim().split(/\s+/));
  const [keyLines, passwordLines] = [await columnsOf('initial-api-keys.txt'), await columnsOf('initial-console-passwords.txt')];
  const keyOf = (username: string) => keyLines.find((line) => line[1] === username)![2]!;
  const stop = async () => {
    if (!server.isRunning()) return;
    server.kill('SIGINT');
    const timeout = setTimeout(() => void stopWorkerProcess(server), 30_000);
    await server.exited;
    clearTimeout(timeout);
  };
  return {
    baseUrl,
    temporalAddress,
    keys: { agency: keyOf(organizations.agency), bank: keyOf(organizations.bank), admin: keyOf(organizations.admin) },
    agencyConsole: { username: organizations.agency, password: passwordLines.find((line) => line[1] === organizations.agency)![2]! },
    server,
    stop,
  };
}
