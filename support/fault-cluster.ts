import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Cluster, startCluster } from '../cluster/cluster';
import { TEMPORAL_PORT_COUNT } from '../cluster/temporal-server-config';
import { adminUrl } from './test-database';
import type { ApiKeys } from './case-drivers';

export interface FaultCluster {
  cluster: Cluster;
  keys: ApiKeys;
  /** Connections to the cluster's application database, for counting. */
  db: pg.Pool;
  /** Stops every process and drops the three databases. */
  teardown(): Promise<void>;
}

/** Short working days so deadlines pass and escalations fall due within the test. */
export const WORKING_DAY_SECONDS = 4;

/**
 * The cluster on databases and ports of its own (a clean clone on a busy machine must not
 * meet an earlier run's), its mail sent to `smtpUrl`.
 */
export async function startFaultCluster(smtpUrl: string, moreEnv: Record<string, string> = {}): Promise<FaultCluster> {
  const suffix = `${Date.now()}_${randomBytes(3).toString('hex')}`;
  const databases = { application: `loans_faults_${suffix}`, temporal: `temporal_faults_${suffix}`, visibility: `temporal_visibility_faults_${suffix}` };
  const runDir = path.join(os.tmpdir(), `loan-cluster-faults-${suffix}`);
  const postgresUrl = new URL(adminUrl);
  postgresUrl.pathname = '';
  const [apiPorts, metricsPortBase, temporalPortBase] = [await freePorts(2), await freePortBlock(5), await freePortBlock(TEMPORAL_PORT_COUNT)];
  const cluster = await startCluster({
    runDir,
    postgresUrl: postgresUrl.toString().replace(/\/$/, ''),
    databases,
    temporalPortBase,
    apiPorts,
    workers: 3,
    metricsPortBase,
    namespace: 'default',
    retentionDays: 1,
    env: {
      SMTP_URL: smtpUrl,
      WORKING_DAY_SECONDS: String(WORKING_DAY_SECONDS),
      DEADLINE_DAYS: JSON.stringify({ categorization: 3, 'bank_review.acknowledge': 2, 'bank_review.documents': 3, 'bank_review.credit_assessment': 3, 'bank_review.decision': 3, disbursement: 3 }),
      ESCALATE_AFTER_DAYS: '1',
      ESCALATION_REPEAT_DAYS: '1',
      ESCALATION_MAX_REPEATS: '1',
      FOLLOW_UP_AFTER_DAYS: '1000',
      GOVERNORS_OFFICE_EMAILS: 'governor-office@lahijan.example',
      LOG_LEVEL: 'warn',
      ...moreEnv,
    },
  });
  // A pool, not one client: it outlives the PostgreSQL restart by opening new connections.
  const db = new pg.Pool({ connectionString: cluster.applicationDatabaseUrl, max: 2 });
  db.on('error', () => undefined);
  const keys = await keysOf(runDir);
  return {
    cluster,
    keys,
    db,
    async teardown() {
      await db.end().catch(() => undefined);
      await cluster.stop();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      for (const name of Object.values(databases)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
      await rm(runDir, { recursive: true, force: true });
    },
  };
}

/** The keys the first API printed and kept when it seeded the county. */
async function keysOf(runDir: string): Promise<ApiKeys> {
  const lines = (await readFile(path.join(runDir, 'initial-api-keys.txt'), 'utf8')).split('\n').map((line) => line.trim().split(/\s+/));
  const keyOf = (organization: string) => {
    const key = lines.find((line) => line[1] === organization)?.[2];
    if (!key) throw new Error(`no API key for ${organization}`);
    return key;
  };
  return { agency: keyOf('relief-committee'), bank: keyOf('bank-melli'), secondBank: keyOf('bank-melli-2'), admin: keyOf('operator') };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await freePortBlock(1);
    if (!ports.includes(port)) ports.push(port);
  }
  return ports;
}

/** `count` consecutive free ports, in a range the kernel does not hand out as ephemeral ports. */
export async function freePortBlock(count: number): Promise<number> {
  for (let tries = 0; tries < 200; tries += 1) {
    const base = 20_000 + Math.floor(Math.random() * 10_000);
    const ports = Array.from({ length: count }, (_, index) => base + index);
    if ((await Promise.all(ports.map(portIsFree))).every(Boolean)) return base;
  }
  throw new Error(`no ${count} consecutive free ports`);
}
