import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';

export interface DevServerOptions {
  cliPath: string;
  address: string;
  namespace: string;
  dbFile: string;
  uiPort: number;
  /** The API's codec server (/codec), for the Web UI to show decoded payloads to a signed-in admin. */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  stop(): Promise<void>;
}

/**
 * The embedded default's Temporal: `temporal server start-dev` with its data in a file, so
 * workflows survive a restart, and its Web UI on. WAL keeps SQLite's single connection fast;
 * synchronous=NORMAL stays safe against a crash of the process.
 */
export async function startTemporalDevServer(options: DevServerOptions): Promise<DevServer> {
  const [host, port] = splitAddress(options.address);
  await mkdir(path.dirname(options.dbFile), { recursive: true });
  const child = spawn(
    options.cliPath,
    [
      'server', 'start-dev',
      '--ip', host,
      '--port', String(port),
      '--ui-port', String(options.uiPort),
      ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
      '--namespace', options.namespace,
      '--db-filename', options.dbFile,
      '--sqlite-pragma', 'journal_mode=WAL',
      '--sqlite-pragma', 'synchronous=NORMAL',
      // At warn, its own shutdown prints a burst of harmless dial errors between its services.
      '--log-level', 'error',
    ],
    // Its own process group: Ctrl-C must not stop Temporal before the worker has drained.
    { stdio: ['ignore', 'inherit', 'inherit'], detached: true },
  );
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitUntilReachable(options.address, child);
  return {
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

function splitAddress(address: string): [string, number] {
  const index = address.lastIndexOf(':');
  const port = Number(address.slice(index + 1));
  if (index < 0 || !Number.isInteger(port)) throw new Error(`TEMPORAL_ADDRESS ${address} is not host:port`);
  return [address.slice(0, index), port];
}

async function waitUntilReachable(address: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.healthService.check({});
      await connection.close();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the Temporal dev server did not answer on ${address}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
