import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parsePrometheusText } from '../../support/prometheus-text';
import { adminUrl } from '../../support/test-database';
import { freePortBlock } from '../../support/fault-cluster';

// `npm run cluster` as a person runs it: scripts/cluster.ts starts the whole topology, prints
// where everything is, serves, and stops every process on Ctrl-C (SIGINT).
const suffix = `${Date.now()}_${randomBytes(3).toString('hex')}`;
const databases = [`loans_script_${suffix}`, `temporal_script_${suffix}`, `temporal_visibility_script_${suffix}`];
const runDir = path.join(os.tmpdir(), `loan-cluster-script-${suffix}`);
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of databases) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  await rm(runDir, { recursive: true, force: true });
}, 120_000);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('npm run cluster starts a Temporal server on PostgreSQL, two APIs and three workers, and Ctrl-C stops them all', async () => {
  const [apiPort, temporalPort, metricsPort] = [await freePortBlock(2), await freePortBlock(10), await freePortBlock(5)];
  child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cluster.ts'], {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      ...process.env,
      CLUSTER_DIR: runDir,
      CLUSTER_DATABASE: databases[0],
      CLUSTER_TEMPORAL_DATABASE: databases[1],
      CLUSTER_VISIBILITY_DATABASE: databases[2],
      PORT: String(apiPort),
      CLUSTER_TEMPORAL_PORT: String(temporalPort),
      CLUSTER_METRICS_PORT: String(metricsPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 300_000;
  while (!output.includes('Ctrl-C stops everything.')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the cluster did not start:\n${output.slice(-5000)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  // What it printed: every process, with its pid, and where to reach it.
  const pids = [...output.matchAll(/pid (\d+)/g)].map((match) => Number(match[1]));
  expect(pids).toHaveLength(6);
  expect(output).toContain(`Temporal server (PostgreSQL, SQL visibility)  127.0.0.1:${temporalPort}`);
  for (const port of [apiPort, apiPort + 1]) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect({ port, status: ready.status }).toEqual({ port, status: 200 });
  }
  // Each API and worker serves its metrics; a worker's carry the SDK's own.
  const workerMetrics = parsePrometheusText(await (await fetch(`http://127.0.0.1:${metricsPort + 2}/metrics`)).text());
  expect([...workerMetrics.keys()].some((name) => name.startsWith('temporal_'))).toBe(true);
  const apiMetrics = parsePrometheusText(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
  expect([...apiMetrics.keys()].some((name) => name.startsWith('loans_http_requests'))).toBe(true);
  // Temporal keeps its data in the two databases the SQL tool made.
  const admin = new pg.Client({ connectionString: adminUrl.replace(/\/[^/]*$/, `/${databases[1]}`) });
  await admin.connect();
  const executions = await admin.query('SELECT count(*) AS n FROM executions');
  await admin.end();
  expect(Number(executions.rows[0].n)).toBeGreaterThan(0); // the weekly digest's schedule, at least

  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output).toContain('stopped');
  expect(pids.filter(alive)).toEqual([]);
}, 600_000);
