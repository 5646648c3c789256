import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { FromWorker, MemoryPeaks, WorkerStartMessage } from './worker-protocol';
import { nextMessage } from './child-messages';

export interface WorkerChild {
  /** Stops the worker (in-flight tasks finish) and returns its memory peaks. */
  stop(): Promise<MemoryPeaks>;
  /** Kills the process if it is still there; for cleanup after a failure. */
  kill(): void;
}

const root = path.resolve(__dirname, '../..');
/** BENCH_WORKER_CPU_PROF=dir writes each worker's CPU profile there when it stops (node --cpu-prof). */
const profileDir = process.env.BENCH_WORKER_CPU_PROF;

export async function startWorkerChild(start: Omit<WorkerStartMessage, 'type'>, timeoutMs = 60_000): Promise<WorkerChild> {
  const child = fork(path.join(__dirname, 'worker-process.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx', ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  try {
    child.send({ type: 'start', ...start });
    await nextMessage<FromWorker, 'ready'>(child, 'ready', timeoutMs, 'worker');
  } catch (error) {
    kill();
    throw error;
  }
  return {
    async stop() {
      try {
        child.send({ type: 'stop' });
        const stopped = await nextMessage<FromWorker, 'stopped'>(child, 'stopped', timeoutMs, 'worker');
        // It exits on its own once it has reported; a profile is written only then.
        await exited(child, profileDir ? 30_000 : 1_000);
        return stopped.memory;
      } finally {
        kill();
      }
    },
    kill,
  };
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
