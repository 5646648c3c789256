import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TemporalStore } from './temporal-server-config';

const run = promisify(execFile);

/** What scripts/temporal-server.sh built: the server, temporal-sql-tool and the schemas. */
export interface TemporalTools {
  folder: string;
}

export const serverBinaryOf = (tools: TemporalTools) => path.join(tools.folder, 'temporal-server');

/**
 * Creates the server's two databases and brings their schemas to the newest version with
 * temporal-sql-tool, as docker-compose's schema job does. Safe to run at every start: an
 * existing database is kept, a schema already set up is only upgraded.
 */
export async function prepareTemporalDatabases(tools: TemporalTools, store: TemporalStore): Promise<void> {
  const schemas = path.join(tools.folder, 'schema', 'postgresql', 'v12');
  await prepare(tools, store, store.database, path.join(schemas, 'temporal', 'versioned'));
  await prepare(tools, store, store.visibilityDatabase, path.join(schemas, 'visibility', 'versioned'));
}

async function prepare(tools: TemporalTools, store: TemporalStore, database: string, versioned: string): Promise<void> {
  const tool = (...args: string[]) => sqlTool(tools, store, database, args);
  await tool('create-database').catch((error: Error) => {
    if (!/already exists/i.test(error.message)) throw error;
  });
  // Creates the version table on a fresh database; on a set-up one it leaves the tables alone.
  await tool('setup-schema', '-v', '0.0');
  await tool('update-schema', '-d', versioned);
}

async function sqlTool(tools: TemporalTools, store: TemporalStore, database: string, args: string[]): Promise<void> {
  const connection = ['--plugin', 'postgres12', '--ep', store.host, '-p', String(store.port), '-u', store.user, '--db', database];
  try {
    await run(path.join(tools.folder, 'temporal-sql-tool'), [...connection, ...args], {
      // The password through the environment, not the process list.
      env: { ...process.env, SQL_PASSWORD: store.password },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`temporal-sql-tool ${args[0]} on ${database} failed:\n${stdout}${stderr}`);
  }
}
