import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { FromLoad, LoadPlan, LoadResult } from './api-load-protocol';
import { type CpuShare, watchCpu } from './cpu-share';

export interface Measurement extends LoadResult {
  /** Who used the CPU while the load ran (started when the plan was sent, not at fork). */
  cpu: CpuShare;
}

const root = path.resolve(__dirname, '..');
const running = new Set<ChildProcess>();

/** Runs one plan in a new load-generator process (bench/api-load-process.ts) and returns its figures. */
export async function measureInChild(plan: Omit<LoadPlan, 'type'>, timeoutMs: number): Promise<Measurement> {
  const child = fork(path.join(__dirname, 'api-load-process.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  try {
    await nextMessage(child, 'ready', 60_000);
    const cpu = watchCpu();
    child.send({ type: 'run', ...plan } satisfies LoadPlan);
    const { result } = await nextMessage(child, 'result', timeoutMs);
    return { ...result, cpu: cpu.stop() };
  } finally {
    kill(child);
  }
}

/** For cleanup after a failure: no load generator outlives the bench. */
export function killLoadChildren(): void {
  for (const child of running) kill(child);
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function nextMessage<T extends FromLoad['type']>(child: ChildProcess, type: T, timeoutMs: number): Promise<Extract<FromLoad, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`load generator did not answer '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: FromLoad) => {
      if (message.type === type) done(undefined, message as Extract<FromLoad, { type: T }>);
      else if (message.type === 'failed') done(new Error(`load generator failed: ${message.message}`));
    };
    const onExit = (code: number | null) => done(new Error(`load generator exited (code ${code}) before '${type}'`));
    function done(error?: Error, message?: Extract<FromLoad, { type: T }>) {
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
