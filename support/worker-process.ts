import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { testFieldKeyEnv } from './test-field-cipher';

const root = path.resolve(__dirname, '..');

export interface WorkerProcessSettings {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  workflowBundlePath: string;
  /** More environment for the process, e.g. METRICS_BIND_ADDRESS, or RUN_MODE=api. */
  env?: Record<string, string>;
  /** The output that says the process is ready; default the worker's "worker polling task queue". */
  readyLine?: string;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `RUN_MODE=worker` process of the real entry point, as docker-compose runs it. */
export interface WorkerProcess {
  pid: number;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  exited: Promise<ExitStatus>;
  isRunning(): boolean;
  kill(signal: NodeJS.Signals): void;
}

const live = new Set<WorkerProcess>();

/**
 * Starts server/main.ts as a worker (or, with `env.RUN_MODE` and `readyLine`, as another part)
 * and resolves once it polls its task queue (or prints `readyLine`).
 * `node --import tsx` rather than the `tsx` CLI: the CLI runs the program in a grandchild,
 * so its pid would not be the worker's and a SIGKILL would leave the real worker running.
 */
export async function startWorkerProcess(settings: WorkerProcessSettings, readyTimeoutMs = 60_000): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      // The same sealing keys as the test's own process, so both read what the other wrote.
      ...testFieldKeyEnv,
      NODE_ENV: 'test',
      RUN_MODE: 'worker',
      DATABASE_URL: settings.databaseUrl,
      TEMPORAL_ADDRESS: settings.temporalAddress,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: settings.taskQueue,
      TEMPORAL_DEV_SERVER: 'false',
      WORKFLOW_BUNDLE_PATH: settings.workflowBundlePath,
      ...settings.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker = track(child);
  try {
    await ready(worker, child, readyTimeoutMs, settings.readyLine ?? 'worker polling task queue');
  } catch (error) {
    await stopWorkerProcess(worker);
    throw error;
  }
  return worker;
}

function track(child: ChildProcess): WorkerProcess {
  if (child.pid === undefined) throw new Error('the worker process did not start');
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  let running = true;
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => {
      running = false;
      resolve({ code, signal });
    });
  });
  const worker: WorkerProcess = {
    pid: child.pid,
    output: () => output,
    exited,
    isRunning: () => running,
    kill: (signal) => void child.kill(signal),
  };
  live.add(worker);
  void exited.then(() => live.delete(worker));
  return worker;
}

function ready(worker: WorkerProcess, child: ChildProcess, timeoutMs: number, readyLine: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`not ready ("${readyLine}") after ${timeoutMs} ms`), timeoutMs);
    const onData = () => {
      if (!worker.output().includes(readyLine)) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve();
    };
    function fail(reason: string) {
      clearTimeout(timer);
      reject(new Error(`worker process ${worker.pid} ${reason}:\n${worker.output()}`));
    }
    child.stdout?.on('data', onData);
    void worker.exited.then(({ code, signal }) => fail(`exited (code ${code}, signal ${signal}) before it was ready`));
  });
}

/** SIGKILLs the process if it still runs and waits for it to be gone. */
export async function stopWorkerProcess(worker: WorkerProcess): Promise<ExitStatus> {
  if (worker.isRunning()) worker.kill('SIGKILL');
  return worker.exited;
}

/** For afterAll: no worker process outlives its test file, whatever happened in it. */
export async function stopAllWorkerProcesses(): Promise<void> {
  await Promise.all([...live].map(stopWorkerProcess));
}
