import { type ChildProcess, spawn } from 'node:child_process';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ProcessSpec {
  /** A short name for its output lines and messages: `api-1`, `worker-2`, `temporal`. */
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Each line of output, already prefixed with the name; the cluster script prints them. */
  onLine?: (line: string) => void;
}

/** One process of the cluster, started again under the same name after a crash or a kill. */
export interface ClusterProcess {
  readonly name: string;
  pid(): number;
  isRunning(): boolean;
  /** Output kept since the last start (its tail), for messages about why it failed. */
  output(): string;
  /** Resolves when the current run exits. */
  exited(): Promise<ExitStatus>;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
  stop(graceMs?: number): Promise<ExitStatus>;
  /** Starts it again (after it exited) with the same command and environment. */
  restart(): void;
}

const KEPT_OUTPUT = 200_000;

export function startClusterProcess(spec: ProcessSpec): ClusterProcess {
  let child: ChildProcess;
  let output = '';
  let exited: Promise<ExitStatus>;
  let running = false;

  const launch = () => {
    output = '';
    child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running = true;
    exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        running = false;
        resolve({ code, signal });
      });
    });
    let partial = '';
    const take = (chunk: string) => {
      output = (output + chunk).slice(-KEPT_OUTPUT);
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) spec.onLine?.(`[${spec.name}] ${line}`);
    };
    child.stdout?.setEncoding('utf8').on('data', take);
    child.stderr?.setEncoding('utf8').on('data', take);
  };
  launch();

  return {
    name: spec.name,
    pid: () => child.pid ?? -1,
    isRunning: () => running,
    output: () => output,
    exited: () => exited,
    kill: (signal) => void child.kill(signal),
    async stop(graceMs = 30_000) {
      if (!running) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const status = await exited;
      clearTimeout(timer);
      return status;
    },
    restart() {
      if (running) throw new Error(`${spec.name} is still running`);
      launch();
    },
  };
}

/** Resolves once `probe` answers true; fails early if the process exits, or after `timeoutMs`. */
export async function waitUntil(process: ClusterProcess, what: string, probe: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!process.isRunning()) throw new Error(`${process.name} exited before ${what}:\n${process.output().slice(-4000)}`);
    if (await probe().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${process.name}: no ${what} after ${timeoutMs} ms:\n${process.output().slice(-4000)}`);
}
