import { Client, Connection } from '@temporalio/client';
import { WorkflowGateway } from '../../api/workflow-gateway';
import { type RecordingSmtpServer, startRecordingSmtpServer } from '../../support/recording-smtp-server';
import { type ClientLedger, driveToDisbursement, driveToStall, newClientLedger } from '../../support/case-drivers';
import { type FaultCluster, startFaultCluster } from '../../support/fault-cluster';
import { type ClientRecord, FailoverClient, newClientRecord } from '../../support/failover-client';
import {
  type FaultContext,
  killApiMidRequest,
  killTemporal,
  killWorkersInTurn,
  killWorkersMidSend,
  type Recovery,
  refuseMail,
  restartPostgres,
} from './support/faults';
import { reconcileNotices } from './support/notice-reconciliation';
import { reconcile } from './support/reconciliation';
import { resolveUnconfirmedEmails, untilQuiet } from './support/quiet';
import { describeStuckRequests } from './support/stuck-requests';

// The production topology as processes (a Temporal server on PostgreSQL, two APIs, three
// workers; cluster/cluster.ts, as `npm run cluster` starts it) under load, through every fault
// the issue names. Then what the clients were told, the database, Temporal and the SMTP server
// are counted against each other: nothing may be lost or duplicated.
const MOVERS = 150;
const STALLERS = 50;
const SPREAD_MS = 200_000;
const STUCK_AFTER_MS = 180_000;

let faults: FaultCluster;
let smtp: RecordingSmtpServer;
let connection: Connection;

beforeAll(async () => {
  smtp = await startRecordingSmtpServer();
  faults = await startFaultCluster(smtp.url);
  connection = await Connection.connect({ address: faults.cluster.temporalAddress });
}, 600_000);

afterAll(async () => {
  await connection?.close();
  await faults?.teardown();
  await smtp?.close();
}, 180_000);

test('200 applications through worker, PostgreSQL, Temporal, SMTP and API faults: none lost or duplicated', async () => {
  const ledger: ClientLedger = newClientLedger();
  const record: ClientRecord = newClientRecord();
  const context: FaultContext = { cluster: faults.cluster, keys: faults.keys, ledger, record, db: faults.db, smtp };
  const client = new FailoverClient(faults.cluster.apiUrls, record);
  const stamp = Date.now();
  const startedAt = Date.now();

  // Cases start spread over SPREAD_MS, so steps run and deadlines fall due through every fault.
  const load = Promise.all([
    ...Array.from({ length: MOVERS }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index * SPREAD_MS) / MOVERS));
      await driveToDisbursement(client, faults.keys, ledger, `MOVE-${stamp}-${index}`, 1_500);
    }),
    ...Array.from({ length: STALLERS }, async (_, index) => {
      await new Promise((resolve) => setTimeout(resolve, (index * SPREAD_MS) / STALLERS));
      await driveToStall(client, faults.keys, ledger, `STALL-${stamp}-${index}`);
    }),
  ]);

  // No request should wait minutes once the faults are over; one that does is described as it waits.
  const watchdog = setInterval(() => {
    void describeStuckRequests(record, STUCK_AFTER_MS, new Client({ connection }), faults.db, faults.cluster).then(
      (lines) => lines.length > 0 && console.log(`requests waiting for minutes:\n${lines.join('\n')}`),
      (error: unknown) => console.log(`could not describe the waiting requests: ${String(error)}`),
    );
  }, STUCK_AFTER_MS);
  const recoveries: Recovery[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    recoveries.push(...(await killWorkersInTurn(context, 3, 5_000)));
    recoveries.push(await killWorkersMidSend(context));
    recoveries.push(await restartPostgres(context));
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    recoveries.push(await killTemporal(context));
    recoveries.push(await refuseMail(context, 60_000));
    recoveries.push(await killApiMidRequest(context, 10));
    await load;
  } catch (error) {
    console.log(`the load failed after ${Math.round((Date.now() - startedAt) / 1000)} s:\n${describe(recoveries, record)}`);
    throw error;
  } finally {
    clearInterval(watchdog);
  }
  const loadEndedAt = Date.now();

  const stalled = [...ledger.applications].filter(([reference]) => reference.startsWith('STALL-')).map(([, id]) => id);
  await untilQuiet(faults.db, stalled, 600_000);
  const unconfirmed = await resolveUnconfirmedEmails(faults.db, smtp, client, faults.keys.admin);

  const gateway = new WorkflowGateway(new Client({ connection }), 'loan-applications', 0);
  const ids = [...ledger.applications.values()];
  const result = await reconcile(ledger, faults.db, (id) => gateway.state(id).then((state) => state ?? undefined, () => undefined), smtp.received);
  const notices = await reconcileNotices(new Client({ connection }), faults.db, ids);
  // Rows a lost workflow task wrote and the workflow replaced: how often the repair paths ran.
  const repairs = (await faults.db.query<{ n: number }>('SELECT count(*)::int AS n FROM projection_repairs')).rows[0]!.n;

  const figures = {
    applications: result.applications,
    steps: result.steps,
    payments: result.payments,
    emails: result.emails,
    escalationsOrdered: { ordered: notices.ordered, lost: notices.lost, duplicated: notices.duplicated },
    databaseDisagreesWithWorkflow: result.disagreeing,
  };
  console.log(
    [
      `fault test: ${ids.length} applications, ${ledger.steps.length} steps, ${ledger.payments.length} payments, ` +
        `${smtp.received.length} emails received, ${notices.ordered} escalations ordered, in ${Math.round((loadEndedAt - startedAt) / 1000)} s of load`,
      describe(recoveries, record),
      `  unconfirmed emails settled by the operator: ${unconfirmed.markedDelivered} marked delivered, ${unconfirmed.resent} resent`,
      `  projection repairs (steps or notes a lost workflow task had written): ${repairs}`,
      `  lost / duplicated: ${JSON.stringify(figures)}`,
      ...[...result.details, ...notices.details, ...ledger.unexpected.map((u) => `unexpected answer: ${u}`)].slice(0, 40).map((d) => `  ${d}`),
    ].join('\n'),
  );

  expect(ledger.unexpected).toEqual([]);
  // Two canaries (after PostgreSQL and Temporal came back) and ten sent to the API that was killed.
  expect(ids.length).toBe(MOVERS + STALLERS + 2 + 10);
  expect(figures).toEqual({
    applications: { lost: 0, duplicated: 0 },
    steps: { lost: 0, duplicated: 0 },
    payments: { lost: 0, duplicated: 0 },
    emails: { lost: 0, duplicated: 0 },
    escalationsOrdered: { ordered: notices.ordered, lost: 0, duplicated: 0 },
    databaseDisagreesWithWorkflow: 0,
  });
  // The faults were felt: mail was refused and retried, escalations were ordered and sent.
  expect(notices.ordered).toBeGreaterThan(STALLERS * 3);
  expect(record.retries.size).toBeGreaterThan(0);
}, 1_800_000);

function describe(recoveries: Recovery[], record: ClientRecord): string {
  return [
    ...recoveries.map((r) => `  recovered from ${r.fault} in ${(r.ms / 1000).toFixed(1)} s`),
    `  client retries: ${JSON.stringify(Object.fromEntries(record.retries))}; 5xx answers retried: ${JSON.stringify(Object.fromEntries(record.serverErrors))}`,
  ].join('\n');
}
