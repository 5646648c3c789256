import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { type Database, openDatabase } from '../../db/prisma-client';
import { allSearchAttributes } from '../../domain/contract';
import { createEmptyTestDatabase } from '../../support/test-database';

/**
 * The services a bench starts for itself. Each registers its cleanup before it has finished
 * starting, so that a run abandoned mid-start still stops it (a dev server outlives a process
 * that just exits).
 */
type OnCleanup = (cleanup: () => Promise<unknown>) => void;

const root = path.resolve(__dirname, '../..');

/** A Temporal dev server with the workflow's search attributes; SQLite tuned for speed, not durability. */
export function startBenchTemporal(onCleanup: OnCleanup): Promise<TestWorkflowEnvironment> {
  const cliPath = process.env.TEMPORAL_CLI_PATH ?? execFileSync('bash', [path.join(root, 'scripts/temporal-cli.sh')], { encoding: 'utf8' }).trim();
  const starting = TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cliPath },
      // The workflow keeps its stage and deadline in these on every step, as in production.
      searchAttributes: allSearchAttributes,
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF', '--log-level', 'error'],
    },
  });
  onCleanup(async () => (await starting).teardown());
  return starting;
}

/** A fresh PostgreSQL database with the project's migrations applied (db/migrator.ts), dropped at the end. */
export async function openBenchDatabase(onCleanup: OnCleanup): Promise<Database & { url: string }> {
  const creating = createEmptyTestDatabase();
  onCleanup(async () => (await creating).drop());
  const { url } = await creating;
  const opening = openDatabase({ databaseUrl: url, migrate: true });
  onCleanup(async () => (await opening).close());
  return { ...(await opening), url };
}
