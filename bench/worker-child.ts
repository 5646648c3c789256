import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { FromWorker, MemoryPeaks, WorkerStartMessage } from './worker-protocol';

export interface WorkerChild {
  /** Stops the worker (in-flight tasks finish) and returns its memory peaks. */
  stop(): Promise<MemoryPeaks>;
  /** Kills the process if it is still there; for cleanup after a failure. */
  kill(): void;
}

const root = path.resolve(__dirname, '..');

export async function startWorkerChild(start: Omit<WorkerStartMessage, 'type'>, timeoutMs = 60_000): Promise<WorkerChild> {
  const child = fork(path.join(__dirname, 'worker-process.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  try {
    child.send({ type: 'start', ...start });
    await nextMessage(child, 'ready', timeoutMs);
  } catch (error) {
    kill();
    throw error;
  }
  return {
    async stop() {
      try {
        child.send({ type: 'stop' });
        const stopped = await nextMessage(child, 'stopped', timeoutMs);
        return stopped.memory;
      } finally {
        kill();
      }
    },
    kill,
  };
}

function nextMessage<T extends FromWorker['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Extract<FromWorker, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`worker did not answer '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: FromWorker) => {
      if (message.type === type) done(undefined, message as Extract<FromWorker, { type: T }>);
      else if (message.type === 'failed') done(new Error(`worker failed: ${message.message}`));
    };
    const onExit = (code: number | null) => done(new Error(`worker exited (code ${code}) before '${type}'`));
    function done(error?: Error, message?: Extract<FromWorker, { type: T }>) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(message!);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
