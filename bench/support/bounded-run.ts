/**
 * Runs a bench's `main` within a time limit and stops everything it started, whatever happens:
 * success, failure, the deadline, or Ctrl-C. Each cleanup is registered before what it stops
 * has finished starting, so that a run abandoned mid-start still stops it (a dev server
 * outlives a process that just exits).
 */
export interface BoundedRun {
  onCleanup(cleanup: () => Promise<unknown> | void): void;
}

export function runBounded(name: string, timeoutMs: number, main: (run: BoundedRun) => Promise<number>): void {
  const cleanups: Array<() => Promise<unknown> | void> = [];
  let finishing = false;

  /** Cleans up once, in reverse order of start, and exits with the first code given. */
  const finish = (code: number): void => {
    if (finishing) return;
    finishing = true;
    setTimeout(() => {
      console.error(`${name}: cleanup did not finish within 30 s`);
      process.exit(code || 4);
    }, 30_000).unref();
    void (async () => {
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          await cleanup();
        } catch (error) {
          console.error('cleanup step failed:', error instanceof Error ? error.message : error);
        }
      }
    })().finally(() => process.exit(code));
  };

  const deadline = setTimeout(() => {
    console.error(`${name}: gave up after ${timeoutMs / 1000} s`);
    finish(3);
  }, timeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => finish(130));

  main({ onCleanup: (cleanup) => cleanups.push(cleanup) }).then(
    (code) => {
      clearTimeout(deadline);
      finish(code);
    },
    (error: unknown) => {
      clearTimeout(deadline);
      console.error(`${name} failed:`, error instanceof Error ? (error.stack ?? error.message) : error);
      finish(1);
    },
  );
}
