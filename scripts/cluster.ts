import path from 'node:path';
import { type Cluster, startCluster } from '../cluster/cluster';

/**
 * `npm run cluster`: starts the topology, prints where everything is, and stops it all on
 * Ctrl-C. Settings from the environment, with docker-compose.yml's defaults.
 */
async function main(): Promise<void> {
  const env = process.env;
  const runDir = path.resolve(env.CLUSTER_DIR ?? 'data/cluster');
  const apiPort = Number(env.PORT ?? 3000);
  console.log('starting the cluster (the first start builds the Temporal server and takes minutes)...');
  const cluster = await startCluster({
    runDir,
    postgresUrl: env.CLUSTER_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432',
    databases: {
      application: env.CLUSTER_DATABASE ?? 'loans',
      temporal: env.CLUSTER_TEMPORAL_DATABASE ?? 'temporal',
      visibility: env.CLUSTER_VISIBILITY_DATABASE ?? 'temporal_visibility',
    },
    temporalPortBase: Number(env.CLUSTER_TEMPORAL_PORT ?? 7233),
    apiPorts: [apiPort, apiPort + 1],
    workers: Number(env.CLUSTER_WORKERS ?? 3),
    metricsPortBase: Number(env.CLUSTER_METRICS_PORT ?? 9464),
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    retentionDays: Number(env.CLUSTER_RETENTION_DAYS ?? 90),
    env: env.SMTP_URL ? {} : { OUTBOX_DIR: path.join(runDir, 'outbox') },
    onLine: (line) => console.log(line),
  });
  printWhere(cluster, runDir);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the APIs, then the workers, then Temporal...`);
    await cluster.stop();
    console.log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function printWhere(cluster: Cluster, runDir: string): void {
  console.log(
    [
      '',
      'The cluster runs:',
      `  Temporal server (PostgreSQL, SQL visibility)  ${cluster.temporalAddress}   pid ${cluster.temporal.pid()}`,
      ...cluster.apis.map((api, index) => `  ${api.name.padEnd(8)} ${cluster.apiUrls[index]}   pid ${api.pid()}`),
      ...cluster.workers.map((worker) => `  ${worker.name.padEnd(8)} pid ${worker.pid()}`),
      `  metrics:   ${Object.entries(cluster.metricsUrls).map(([name, url]) => `${name} ${url}`).join(', ')}`,
      `  database:  ${cluster.applicationDatabaseUrl}`,
      `  API keys and one-time passwords of a first run: ${runDir}`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
