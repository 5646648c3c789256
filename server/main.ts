import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { ActivityDependencies } from '../activities';
import { createApp } from '../api/app';
import { requestSpans } from '../api/request-spans';
import { httpServerOptions } from '../api/request-deadline';
import { WorkflowGateway } from '../api/workflow-gateway';
import { type Config, ConfigError, loadConfig } from '../config/config';
import { escalationPolicyOf } from '../config/escalation-policy';
import { formatKeys, formatKeysAndPasswords, formatPasswords, seedCounty } from '../db/county-seed';
import { openDatabase } from '../db/prisma-client';
import type { PrismaClient } from '../generated/prisma/client';
import { createMailer } from '../mail/mailer';
import { installRuntime } from '../observability/metrics';
import { jsonSdkLogger } from '../observability/sdk-logger';
import { startUnconfirmedEmailsGauge } from '../observability/unconfirmed-emails-gauge';
import { startTracing, tracedClientOptions, type Tracing } from '../observability/tracing';
import { createWorker } from '../worker/create-worker';
import { workerTracingOptions } from '../worker/tracing-options';
import { ensureDigestSchedule } from './digest-schedule';
import { ensureRetentionSchedule } from './retention-schedule';
import { ensureSearchAttributes } from './search-attributes';
import { payloadCodecOf } from './payload-codec';
import { fieldCipherOf } from './field-cipher';
import { type DevServer, startTemporalDevServer } from './temporal-dev-server';

/**
 * The system's entry point: RUN_MODE=all runs the API and the worker in one process (the
 * embedded default), `api` and `worker` one each (docker-compose). SIGINT/SIGTERM stop it:
 * requests in flight and activities in flight finish first.
 */
async function main(): Promise<void> {
  const config = readConfig();
  // Before anything starts the SDK's runtime: it is installed once per process, API-only ones too.
  const metricMeter = installRuntime({
    logger: jsonSdkLogger(config.LOG_LEVEL),
    ...(config.METRICS_BIND_ADDRESS ? { metrics: { bindAddress: config.METRICS_BIND_ADDRESS, processRole: config.RUN_MODE } } : {}),
  });
  const stops: Array<() => Promise<void>> = [];
  const shutdown = once(async (signal: string) => {
    console.log(`${signal} received, shutting down`);
    for (const stop of stops.reverse()) await stop().catch((error) => console.error('shutdown step failed', error));
    process.exit(0);
  });
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const tracing = config.OTEL_EXPORTER_OTLP_ENDPOINT ? startTracing({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, runMode: config.RUN_MODE }) : undefined;
  // Stopped last (stops run in reverse), so the spans of the drain are sent too.
  if (tracing) stops.push(() => tracing.shutdown());

  const devServer = await startDevServerIfAsked(config);
  if (devServer) stops.push(() => devServer.stop());

  // Before the database is opened: a split process without its keys refuses to start.
  const fields = await fieldCipherOf(config);
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    embeddedDir: config.embeddedDatabaseDir,
    poolSize: config.DATABASE_POOL_SIZE,
    migrate: true,
  });
  stops.push(() => database.close());
  for (const name of database.appliedMigrations) console.log(`applied migration ${name}`);
  await seedFirstRun(config, database.prisma);

  const connection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  stops.push(() => connection.close());
  const payloadCodec = await payloadCodecOf(config);
  const dataConverter = payloadCodec ? { payloadCodecs: [payloadCodec] } : undefined;
  await ensureSearchAttributes(connection, config.TEMPORAL_NAMESPACE);

  if (config.RUN_MODE !== 'api') {
    const mailer = createMailer(config);
    stops.push(() => mailer.close());
    // The digest lists stalled cases as GET /stalled-cases does: from Temporal visibility.
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, ...(dataConverter ? { dataConverter } : {}) });
    const visibility = new WorkflowGateway(client, config.TEMPORAL_TASK_QUEUE, 0);
    const digest = { mailer, config, stalledCases: (now: Date) => visibility.stalledCases({ now }) };
    const persistence = { duplicateFacilityYears: config.DUPLICATE_FACILITY_YEARS };
    const retention = { days: config.RETENTION_AFTER_CLOSURE_DAYS };
    const worker = await startWorker(config, { prisma: database.prisma, fields, notifications: { mailer, config }, digest, persistence, retention }, { tracing, dataConverter });
    const running = worker.run().catch((error: unknown) => {
      console.error('the worker failed', error);
      process.exit(1);
    });
    stops.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    if (metricMeter) {
      const gauge = startUnconfirmedEmailsGauge(database.prisma, metricMeter, { onError: (error) => console.error('could not count unconfirmed emails', error) });
      stops.push(async () => gauge.stop());
    }
    const schedule = await ensureDigestSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE, time: config.DIGEST_SCHEDULE });
    console.log(`weekly digest schedule ${schedule}`);
    console.log(`particulars retention schedule ${await ensureRetentionSchedule(client, { taskQueue: config.TEMPORAL_TASK_QUEUE })}`);
    console.log(`worker polling task queue ${config.TEMPORAL_TASK_QUEUE}`);
  }

  if (config.RUN_MODE !== 'worker') {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, ...tracedClientOptions(tracing), ...(dataConverter ? { dataConverter } : {}) });
    const followUpAfterMs = config.FOLLOW_UP_AFTER_DAYS * config.WORKING_DAY_SECONDS * 1000;
    const workflows = new WorkflowGateway(client, config.TEMPORAL_TASK_QUEUE, followUpAfterMs, escalationPolicyOf(config));
    const sessionPolicy = { idleMinutes: config.SESSION_IDLE_MINUTES, absoluteHours: config.SESSION_ABSOLUTE_HOURS };
    // Its own mailer, built as the worker builds one: an admin may resend an email left unconfirmed.
    const mailer = createMailer(config);
    stops.push(() => mailer.close());
    const app = createApp({ prisma: database.prisma, fields, workflows, config, mailer, temporalConnection: connection, sessionPolicy, ...(payloadCodec ? { payloadCodec } : {}), ...(metricMeter ? { metricMeter } : {}), ...(tracing ? { requestSpans: requestSpans(tracing.tracer) } : {}) });
    const server = await listen(app, config.PORT, config.REQUEST_DEADLINE_SECONDS * 1000);
    stops.push(() => close(server));
    console.log(`API listening on ${config.PUBLIC_BASE_URL} (port ${config.PORT})`);
    if (devServer) console.log(`Temporal Web UI on ${config.TEMPORAL_UI_URL}`);
  }
}

/**
 * On a fresh database there is no key to call the API with and nobody to sign in as: load the
 * county's organizations and print their API keys and their users' one-time console passwords
 * once, also keeping them in DATA_DIR for the newcomer to find.
 */
async function seedFirstRun(config: Config, prisma: PrismaClient): Promise<void> {
  if (config.RUN_MODE === 'worker' || (await prisma.user.count()) > 0) return;
  const seeded = await seedCounty(prisma);
  const keys = formatKeys(seeded);
  const passwords = formatPasswords(seeded);
  const folder = path.resolve(config.DATA_DIR);
  await mkdir(folder, { recursive: true });
  const keysFile = path.join(folder, 'initial-api-keys.txt');
  const passwordsFile = path.join(folder, 'initial-console-passwords.txt');
  await writeFile(keysFile, `${keys}\n`, { mode: 0o600 });
  await writeFile(passwordsFile, `${passwords}\n`, { mode: 0o600 });
  console.log(
    `first run: created the county's organizations. API keys for programs (also in ${keysFile}), and console sign-in at ` +
      `${config.PUBLIC_BASE_URL}/console with one-time passwords, to be changed at first sign-in (also in ${passwordsFile}):\n` +
      formatKeysAndPasswords(seeded),
  );
}

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function startDevServerIfAsked(config: Config): Promise<DevServer | undefined> {
  if (!config.TEMPORAL_DEV_SERVER) return undefined;
  if (!config.TEMPORAL_CLI_PATH) throw new Error('TEMPORAL_DEV_SERVER=true needs TEMPORAL_CLI_PATH (npm start sets it)');
  const uiPort = Number(new URL(config.TEMPORAL_UI_URL).port || 8233);
  console.log(`starting the Temporal dev server on ${config.TEMPORAL_ADDRESS}, data in ${config.temporalDbFile}`);
  return startTemporalDevServer({
    cliPath: config.TEMPORAL_CLI_PATH,
    address: config.TEMPORAL_ADDRESS,
    namespace: config.TEMPORAL_NAMESPACE,
    dbFile: config.temporalDbFile,
    uiPort,
    uiCodecEndpoint: `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/codec`,
  });
}

async function startWorker(config: Config, dependencies: ActivityDependencies, options: { tracing: Tracing | undefined; dataConverter: DataConverter | undefined }): Promise<Worker> {
  const { tracing, dataConverter } = options;
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  return createWorker(
    {
      connection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      maxConcurrentPersistence: config.DATABASE_POOL_SIZE,
      maxCachedWorkflows: config.MAX_CACHED_WORKFLOWS,
      ...(config.WORKFLOW_BUNDLE_PATH ? { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } } : {}),
      ...(tracing ? { tracing: workerTracingOptions(tracing) } : {}),
      ...(dataConverter ? { dataConverter } : {}),
    },
    dependencies,
  );
}

function listen(app: ReturnType<typeof createApp>, port: number, deadlineMs: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer(httpServerOptions(deadlineMs), app);
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

function once<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let started: Promise<void> | undefined;
  return (...args) => (started ??= fn(...args));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
