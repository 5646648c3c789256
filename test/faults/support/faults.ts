import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import type { ClusterProcess } from '../../../cluster/cluster-process';
import type { Cluster } from '../../../cluster/cluster';
import type { RecordingSmtpServer } from '../../../support/recording-smtp-server';
import { type ApiKeys, type ClientLedger, submitCase } from '../../../support/case-drivers';
import { FailoverClient, type ClientRecord } from '../../../support/failover-client';
import { UNSETTLED_EMAIL_STATUSES } from './reconciliation';
import type pg from 'pg';

/** How long the system took to serve again after one fault. */
export interface Recovery {
  fault: string;
  ms: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface FaultContext {
  cluster: Cluster;
  keys: ApiKeys;
  ledger: ClientLedger;
  record: ClientRecord;
  db: pg.Pool;
  smtp: RecordingSmtpServer;
}

/** A fresh application submitted end to end (API, database, Temporal): the system serves. */
async function canary(context: FaultContext, label: string): Promise<void> {
  const client = new FailoverClient(context.cluster.apiUrls, context.record);
  await submitCase(client, context.keys, context.ledger, `CANARY-${label}-${Date.now()}`);
}

async function timed(fault: string, inject: () => Promise<void>): Promise<Recovery> {
  const started = Date.now();
  await inject();
  return { fault, ms: Date.now() - started };
}

async function killAndRestart(cluster: Cluster, process: ClusterProcess, downMs: number): Promise<void> {
  process.kill('SIGKILL');
  await process.exited();
  await sleep(downMs);
  await cluster.restart(process);
}

/** SIGKILLs the workers one after another, each restarted two seconds later; recovery: until it polls again. */
export async function killWorkersInTurn(context: FaultContext, times: number, everyMs: number): Promise<Recovery[]> {
  const recoveries: Recovery[] = [];
  for (let turn = 0; turn < times; turn += 1) {
    const worker = context.cluster.workers[turn % context.cluster.workers.length]!;
    recoveries.push(await timed(`SIGKILL ${worker.name} (during steps)`, () => killAndRestart(context.cluster, worker, 2_000)));
    await sleep(everyMs);
  }
  return recoveries;
}

/**
 * SIGKILLs every worker the moment the SMTP server has accepted a message and before it
 * answers 250: the sender dies mid-send, the case `unconfirmed` is made for. Recovery: until
 * all three poll again.
 */
export async function killWorkersMidSend(context: FaultContext): Promise<Recovery> {
  const accepted = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no mail was sent within two minutes: no sender to kill')), 120_000);
    context.smtp.onAccepted = () => {
      context.smtp.onAccepted = null;
      clearTimeout(timer);
      for (const worker of context.cluster.workers) worker.kill('SIGKILL');
      resolve();
    };
  });
  await accepted;
  return timed('SIGKILL all workers mid-send', async () => {
    await Promise.all(context.cluster.workers.map((worker) => worker.exited()));
    await sleep(2_000);
    await Promise.all(context.cluster.workers.map((worker) => context.cluster.restart(worker)));
  });
}

/** `pg_ctlcluster ... restart` of the machine's PostgreSQL; recovery: until a new application goes through. */
export async function restartPostgres(context: FaultContext): Promise<Recovery> {
  return timed('PostgreSQL restart (pg_ctlcluster)', async () => {
    for (const version of readdirSync('/etc/postgresql')) {
      await promisify(execFile)('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart']);
    }
    await canary(context, 'postgres');
  });
}

/** SIGKILL of the Temporal server, started again two seconds later; recovery: until a new application goes through. */
export async function killTemporal(context: FaultContext): Promise<Recovery> {
  return timed('SIGKILL the Temporal server', async () => {
    await killAndRestart(context.cluster, context.cluster.temporal, 2_000);
    await canary(context, 'temporal');
  });
}

/** The SMTP server answers 451 to every recipient for `ms`; recovery: from then until the outbox has nothing left to send. */
export async function refuseMail(context: FaultContext, ms: number): Promise<Recovery> {
  context.smtp.refuse = () => ({ code: 451, message: 'try again later (fault test)' });
  await sleep(ms);
  context.smtp.refuse = null;
  return timed(`SMTP refusing for ${ms / 1000} s, then the backlog`, async () => {
    for (;;) {
      const { rows } = await context.db.query<{ n: string }>('SELECT count(*) AS n FROM outgoing_emails WHERE status = ANY($1)', [UNSETTLED_EMAIL_STATUSES]);
      if (Number(rows[0]!.n) === 0) return;
      await sleep(500);
    }
  });
}

/**
 * SIGKILLs the first API while requests sent to it are in flight; the client sends each again
 * with its Idempotency-Key through the second. Recovery: until every one of them is answered.
 */
export async function killApiMidRequest(context: FaultContext, requests: number): Promise<Recovery> {
  const [first] = context.cluster.apis;
  const client = new FailoverClient(context.cluster.apiUrls, context.record);
  const stamp = Date.now();
  const inFlight = Array.from({ length: requests }, (_, index) => submitCase(client, context.keys, context.ledger, `MIDREQ-${stamp}-${index}`));
  const recovery = await timed(`SIGKILL ${first!.name} mid-request (${requests} in flight)`, async () => {
    await sleep(30);
    first!.kill('SIGKILL');
    await Promise.all(inFlight);
  });
  await first!.exited();
  await context.cluster.restart(first!);
  return recovery;
}
