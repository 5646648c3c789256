import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TemporalStore } from './temporal-server-config';

/** What scripts/temporal-server.sh built: the server, temporal-sql-tool and the schemas. */
export interface TemporalTools {
  folder: string;
}

export const serverBinaryOf = (tools: TemporalTools) => path.join(tools.folder, 'temporal-server');

const setupScript = path.resolve(__dirname, '..', 'deploy', 'temporal', 'setup-schema.sh');

/**
 * Creates the server's two databases and brings their schemas to the newest version with
 * temporal-sql-tool, by the very script docker-compose.yml's `temporal-schema` job runs. Safe
 * at every start: an existing database is kept, a schema already set up is only upgraded.
 */
export async function prepareTemporalDatabases(tools: TemporalTools, store: TemporalStore): Promise<void> {
  try {
    await promisify(execFile)('sh', [setupScript], {
      env: {
        ...process.env,
        PATH: `${tools.folder}${path.delimiter}${process.env.PATH ?? ''}`,
        SCHEMA_DIR: path.join(tools.folder, 'schema', 'postgresql', 'v12'),
        SQL_PLUGIN: 'postgres12',
        SQL_HOST: store.host,
        SQL_PORT: String(store.port),
        SQL_USER: store.user,
        // Through the environment, not the process list.
        SQL_PASSWORD: store.password,
        TEMPORAL_DB: store.database,
        TEMPORAL_VISIBILITY_DB: store.visibilityDatabase,
      },
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw new Error(`setting up Temporal's databases failed:\n${stdout}${stderr}`);
  }
}
