import { type ChildProcess, fork } from 'node:child_process';
import path from 'node:path';
import type { FromLoad, LoadPlan, LoadResult } from './api-load-protocol';
import { type CpuShare, watchCpu } from './cpu-share';
import { nextMessage } from './child-messages';

export interface Measurement extends LoadResult {
  /** Who used the CPU while the load ran (started when the plan was sent, not at fork). */
  cpu: CpuShare;
}

const root = path.resolve(__dirname, '../..');
const running = new Set<ChildProcess>();

/** Runs one plan in a new load-generator process (bench/support/api-load-process.ts) and returns its figures. */
export async function measureInChild(plan: Omit<LoadPlan, 'type'>, timeoutMs: number): Promise<Measurement> {
  const child = fork(path.join(__dirname, 'api-load-process.ts'), [], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  try {
    await nextMessage<FromLoad, 'ready'>(child, 'ready', 60_000, 'load generator');
    const cpu = watchCpu();
    child.send({ type: 'run', ...plan } satisfies LoadPlan);
    const { result } = await nextMessage<FromLoad, 'result'>(child, 'result', timeoutMs, 'load generator');
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
