import type { ChildProcess } from 'node:child_process';

/** What every benchmark child process may send: its own messages, or that it failed. */
export type ChildMessage = { type: string } & ({ type: 'failed'; message: string } | Record<string, unknown>);

/**
 * The next message of `type` from a child process; rejects when the child reports 'failed',
 * exits first, or stays silent for `timeoutMs`. `who` names the child in the errors.
 */
export function nextMessage<M extends ChildMessage, T extends M['type']>(
  child: ChildProcess,
  type: T,
  timeoutMs: number,
  who: string,
): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`${who} did not answer '${type}' within ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (message: M) => {
      if (message.type === type) done(undefined, message as Extract<M, { type: T }>);
      else if (message.type === 'failed') done(new Error(`${who} failed: ${String((message as { message?: unknown }).message)}`));
    };
    const onExit = (code: number | null) => done(new Error(`${who} exited (code ${code}) before '${type}'`));
    function done(error?: Error, message?: Extract<M, { type: T }>) {
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
