import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Runs one of this folder's worker scripts as a child process with `env` added, and resolves
 * with the signal that ended it: the crash tests' workers kill themselves at a chosen moment.
 */
export function runWorkerUntilItDies(script: string, env: Record<string, string>, timeoutMs = 60_000): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker did not die:\n${output}`)), timeoutMs);
    child.once('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal);
    });
  });
}
