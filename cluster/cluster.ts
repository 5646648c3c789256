import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { type ClusterProcess, startClusterProcess, waitUntil } from './cluster-process';
import { prepareTemporalDatabases, type TemporalTools } from './temporal-databases';
import { startTemporalServer, temporalReady, type TemporalServerOptions } from './temporal-server';
import { temporalPortsFrom } from './temporal-server-config';
import { keyFileInDataDir, newPayloadKey } from '../security/payload-keys';
import { BLIND_INDEX_KEY_FILE, FIELD_KEYS_FILE, newBlindIndexKey } from '../server/field-cipher';

const root = path.resolve(__dirname, '..');

export interface ClusterOptions {
  /** Configuration, the workflow bundle, the API keys file and the mail outbox go here. */
  runDir: string;
  /** PostgreSQL for everything: `postgresql://user:password@host:port` (no database). */
  postgresUrl: string;
  /** The application's database; Temporal's are `temporal` and `temporal_visibility` with the same suffix. */
  databases: { application: string; temporal: string; visibility: string };
  /** The Temporal server's first port; it takes ten from there. */
  temporalPortBase: number;
  apiPorts: number[];
  workers: number;
  /** Each process serves /metrics on its own port from here: the APIs first, then the workers. */
  metricsPortBase: number;
  namespace: string;
  retentionDays: number;
  /** More environment for the API and worker processes (SMTP_URL, WORKING_DAY_SECONDS...). */
  env?: Record<string, string>;
  onLine?: (line: string) => void;
}

export interface Cluster {
  temporalAddress: string;
  apiUrls: string[];
  metricsUrls: Record<string, string>;
  applicationDatabaseUrl: string;
  temporal: ClusterProcess;
  apis: ClusterProcess[];
  workers: ClusterProcess[];
  /** Starts a process of the cluster again after it was killed, resolving once it serves. */
  restart(process: ClusterProcess): Promise<void>;
  /** Stops the APIs, then the workers (letting activities finish), then Temporal. */
  stop(): Promise<void>;
}

/**
 * The production topology as plain processes: a Temporal server on PostgreSQL (its schemas
 * made by temporal-sql-tool), two APIs and three workers of server/main.ts, as
 * docker-compose.yml runs them in containers.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  await mkdir(options.runDir, { recursive: true });
  const tools: TemporalTools = { folder: await temporalToolsFolder() };
  const admin = new URL(options.postgresUrl);
  await createDatabaseIfMissing(options.postgresUrl, options.databases.application);
  const temporalOptions: TemporalServerOptions = {
    tools,
    store: {
      host: admin.hostname,
      port: Number(admin.port || 5432),
      user: decodeURIComponent(admin.username),
      password: decodeURIComponent(admin.password),
      database: options.databases.temporal,
      visibilityDatabase: options.databases.visibility,
    },
    ports: temporalPortsFrom(options.temporalPortBase),
    runDir: options.runDir,
    dynamicConfigFile: path.join(root, 'deploy', 'temporal', 'dynamicconfig', 'production-sql.yaml'),
    namespace: options.namespace,
    retentionDays: options.retentionDays,
    onLine: options.onLine,
  };
  await prepareTemporalDatabases(tools, temporalOptions.store);
  const bundlePath = path.join(options.runDir, 'workflow-bundle.js');
  const [temporal] = await Promise.all([startTemporalServer(temporalOptions), writeFile(bundlePath, (await bundleWorkflows()).code)]);

  const temporalAddress = `127.0.0.1:${temporalOptions.ports.frontend}`;
  const applicationUrl = new URL(options.postgresUrl);
  applicationUrl.pathname = `/${options.databases.application}`;
  const common: NodeJS.ProcessEnv = {
    ...(await fieldKeysIn(options.runDir)),
    ...process.env,
    DATABASE_URL: applicationUrl.toString(),
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_DEV_SERVER: 'false',
    TEMPORAL_NAMESPACE: options.namespace,
    DATA_DIR: options.runDir,
    ...options.env,
  };
  const metricsUrls: Record<string, string> = {};
  const appProcess = (name: string, metricsPort: number, env: Record<string, string>) => {
    metricsUrls[name] = `http://127.0.0.1:${metricsPort}/metrics`;
    return startClusterProcess({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', 'server/main.ts'],
      cwd: root,
      env: { ...common, METRICS_BIND_ADDRESS: `127.0.0.1:${metricsPort}`, ...env },
      onLine: options.onLine,
    });
  };
  const apiEnv = (port: number) => ({ RUN_MODE: 'api', PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` });
  const apiUrls = options.apiPorts.map((port) => `http://127.0.0.1:${port}`);
  const ready = (process: ClusterProcess): Promise<void> => {
    const index = apis.indexOf(process);
    if (process === temporal) return temporalReady(temporal, temporalOptions);
    if (index >= 0) return waitUntil(process, '/healthz', async () => (await fetch(`${apiUrls[index]}/healthz`)).ok);
    return waitUntil(process, 'polling', async () => process.output().includes('worker polling task queue'));
  };

  const apis: ClusterProcess[] = [];
  const workers: ClusterProcess[] = [];
  const stop = async () => {
    await Promise.all(apis.map((api) => api.stop()));
    await Promise.all(workers.map((worker) => worker.stop(70_000)));
    await temporal.stop();
  };
  try {
    // The first API applies the migrations and seeds the county on a fresh database, alone.
    apis.push(appProcess('api-1', options.metricsPortBase, apiEnv(options.apiPorts[0]!)));
    await ready(apis[0]!);
    options.apiPorts.slice(1).forEach((port, index) => apis.push(appProcess(`api-${index + 2}`, options.metricsPortBase + index + 1, apiEnv(port))));
    for (let index = 0; index < options.workers; index += 1) {
      const metricsPort = options.metricsPortBase + options.apiPorts.length + index;
      workers.push(appProcess(`worker-${index + 1}`, metricsPort, { RUN_MODE: 'worker', WORKFLOW_BUNDLE_PATH: bundlePath }));
    }
    await Promise.all([...apis, ...workers].map(ready));
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    temporalAddress,
    apiUrls,
    metricsUrls,
    applicationDatabaseUrl: applicationUrl.toString(),
    temporal,
    apis,
    workers,
    async restart(process) {
      process.restart();
      await ready(process);
    },
    stop,
  };
}

async function temporalToolsFolder(): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', [path.join(root, 'scripts', 'temporal-server.sh')], { maxBuffer: 10 * 1024 * 1024 });
  return stdout.trim();
}

async function createDatabaseIfMissing(postgresUrl: string, name: string): Promise<void> {
  const adminUrl = new URL(postgresUrl);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * The keys that seal applicants' particulars, shared by every API and worker of the cluster: made
 * once in its run folder (FIELD_KEYS and BLIND_INDEX_KEY in the environment take precedence).
 */
async function fieldKeysIn(runDir: string): Promise<{ FIELD_KEYS: string; BLIND_INDEX_KEY: string }> {
  const [keys, indexKey] = await Promise.all([
    keyFileInDataDir(runDir, FIELD_KEYS_FILE, newPayloadKey),
    keyFileInDataDir(runDir, BLIND_INDEX_KEY_FILE, newBlindIndexKey),
  ]);
  return { FIELD_KEYS: keys, BLIND_INDEX_KEY: indexKey };
}
