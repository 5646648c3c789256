import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { issueApiKey } from '../../api/api-keys';
import { agency, seedOrganizations } from '../../support/fixtures';
import { type Family, parsePrometheusText, samplesOf, valueOf } from '../../support/prometheus-text';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { startDevServer } from '../support/temporal';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { aNationalId } from '../../support/national-ids';
import { startWorkerProcess, stopAllWorkerProcesses, type WorkerProcess } from '../../support/worker-process';
import { type BundleFile, writeWorkflowBundle } from '../../support/workflow-bundle';
import { freePort } from '../../support/free-port';

/**
 * An API process and a worker process of the real entry point, each serving /metrics at
 * METRICS_BIND_ADDRESS: our counters move with real requests and real escalation emails, beside
 * the Temporal SDK's own metrics, and no process logs the applicant's personal data.
 * Real dev server, real PostgreSQL, a real SMTP server.
 */
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let bundle: BundleFile;
let smtp: TestSmtpServer;
let dataDir: string;
let api: WorkerProcess;
let worker: WorkerProcess;
let apiUrl: string;
let apiMetrics: string;
let workerMetrics: string;
let agencyKey: string;


beforeAll(async () => {
  [env, database, bundle, smtp, dataDir] = await Promise.all([
    startDevServer(),
    createTestDatabase(),
    writeWorkflowBundle(),
    startSmtpServer(),
    mkdtemp(path.join(os.tmpdir(), 'loan-metrics-')),
  ]);
  await seedOrganizations(database.prisma);
  agencyKey = await issueApiKey(database.prisma, agency.userId, 'metrics test');
  // One email a worker died sending, for the gauge to find at start.
  await database.prisma.outgoingEmail.create({
    data: { id: `test-${randomUUID()}`, messageId: `<${randomUUID()}@test>`, recipients: 'a@lahijan.example', subject: 's', textBody: 't', htmlBody: 'h', status: 'unconfirmed' },
  });
  const [apiPort, apiMetricsPort, workerMetricsPort] = await Promise.all([freePort(), freePort(), freePort()]);
  apiUrl = `http://127.0.0.1:${apiPort}`;
  apiMetrics = `127.0.0.1:${apiMetricsPort}`;
  workerMetrics = `127.0.0.1:${workerMetricsPort}`;
  const settings = { databaseUrl: database.url, temporalAddress: env.address, taskQueue: `loans-metrics-${randomUUID()}`, workflowBundlePath: bundle.path };
  // Short working days and a short ladder: a case left uncategorized is reminded, escalated and abandoned within seconds.
  const common = {
    DATA_DIR: dataDir,
    SMTP_URL: smtp.url,
    WORKING_DAY_SECONDS: '1',
    DEADLINE_DAYS: '{"categorization":1}',
    ESCALATE_AFTER_DAYS: '1',
    ESCALATION_REPEAT_DAYS: '1',
    ESCALATION_MAX_REPEATS: '0',
  };
  worker = await startWorkerProcess({ ...settings, env: { ...common, METRICS_BIND_ADDRESS: workerMetrics } });
  api = await startWorkerProcess({
    ...settings,
    env: { ...common, RUN_MODE: 'api', PORT: String(apiPort), PUBLIC_BASE_URL: apiUrl, METRICS_BIND_ADDRESS: apiMetrics },
    readyLine: 'API listening on',
  });
}, 120_000);

afterAll(async () => {
  await stopAllWorkerProcesses();
  await env?.teardown();
  await database?.drop();
  await bundle?.remove();
  await smtp?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const call = (method: string, url: string, body?: object, headers: Record<string, string> = {}) =>
  fetch(`${apiUrl}${url}`, {
    method,
    headers: { Authorization: `Bearer ${agencyKey}`, 'Content-Type': 'application/json', ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

const scrape = async (address: string): Promise<{ text: string; families: Map<string, Family> }> => {
  const text = await (await fetch(`http://${address}/metrics`)).text();
  return { text, families: parsePrometheusText(text) };
};

/** Scrapes until `done` holds: the SDK exports what activities record a moment later. */
async function scrapeUntil(address: string, done: (families: Map<string, Family>) => boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const scraped = await scrape(address);
    if (done(scraped.families)) return scraped;
    if (Date.now() > deadline) throw new Error(`metrics never reached the expected values:\n${scraped.text}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const applicant = {
  nationalId: aNationalId(),
  fullName: `Golnar Metricsova ${randomUUID().slice(0, 6)}`,
  phone: '09117654321',
  address: `Sheikh Zahed Lane ${randomUUID().slice(0, 6)}, Lahijan`,
  district: 'lahijan_city',
};
const personalData = [applicant.nationalId, applicant.fullName, applicant.address, '7654321'];

test('given an API process and a worker process with metrics on, requests, refusals, replays and escalation emails are counted on their /metrics', async () => {
  const submission = {
    agencyReference: `MET-${randomUUID().slice(0, 8)}`,
    applicant,
    requestedAmount: '150000000000',
    purpose: 'Tea-processing micro-workshop',
    jobsCommitted: 4,
    district: 'lahijan_city',
  };
  const idempotencyKey = randomUUID();
  const created = await call('POST', '/applications', submission, { 'Idempotency-Key': idempotencyKey });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const replayed = await call('POST', '/applications', submission, { 'Idempotency-Key': idempotencyKey });
  expect([replayed.status, replayed.headers.get('idempotent-replayed')]).toEqual([201, 'true']);
  expect((await call('GET', `/applications/${id}`)).status).toBe(200);
  expect((await call('GET', `/applications/${randomUUID()}`)).status).toBe(404);
  expect((await call('GET', `/no-such-place/${id}`)).status).toBe(404);
  expect((await call('POST', '/applications', { nonsense: true })).status).toBe(422);
  // The workflow's refusal: the jobs cannot be confirmed before the loan is even categorized.
  const refused = await call('POST', `/applications/${id}/steps/confirm-jobs`, { jobsConfirmed: 2 });
  const refusal = (await refused.json()) as { type: string };
  expect(refused.status).toBe(409);
  const requestId = refused.headers.get('x-request-id')!;

  // Recorded once the answer is handed to the socket, which may be a moment after the client has it.
  const requestsIn = (families: Map<string, Family>, method: string, route: string, status: number) =>
    valueOf(families, 'loans_http_requests_total', { method, route, status: String(status), process: 'api' });
  const { text: apiText, families: fromApi } = await scrapeUntil(apiMetrics, (f) => requestsIn(f, 'POST', '/applications/:id/steps/:step', 409) > 0);
  const requests = (method: string, route: string, status: number) => requestsIn(fromApi, method, route, status);
  expect(requests('POST', '/applications', 201)).toBe(1);
  // The replay is answered before any route matches: it is labelled by its router's mount path.
  expect(requests('POST', '/applications/*', 201)).toBe(1);
  expect(requests('GET', '/applications/:id', 200)).toBe(1);
  expect(requests('GET', '/applications/:id', 404)).toBe(1);
  expect(requests('GET', 'unmatched', 404)).toBe(1);
  expect(requests('POST', '/applications', 422)).toBe(1);
  expect(requests('POST', '/applications/:id/steps/:step', 409)).toBe(1);
  expect(valueOf(fromApi, 'loans_idempotency_replays_total', { route: '/applications/*' })).toBe(1);
  expect(valueOf(fromApi, 'loans_refusals_total', { code: 'not-found', status: '404' })).toBe(2);
  expect(valueOf(fromApi, 'loans_refusals_total', { code: 'validation', status: '422' })).toBe(1);
  expect(valueOf(fromApi, 'loans_refusals_total', { code: refusal.type.replace('/problems/', ''), status: '409' })).toBe(1);
  expect(fromApi.get('loans_http_request_duration_seconds')?.type).toBe('histogram');
  const durations = samplesOf(fromApi, 'loans_http_request_duration_seconds_bucket', { route: '/applications/:id', status: '200' }).map((s) => s.labels.le);
  expect(durations).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
  expect(valueOf(fromApi, 'loans_http_request_duration_seconds_count', { route: '/applications/:id', status: '200' })).toBe(1);
  // Labels hold route patterns, never ids or what a caller typed.
  expect(apiText).not.toContain(id);
  expect(apiText).not.toContain(applicant.nationalId);

  // The case waits for categorization: a reminder (no contact address: recorded, not mailed), then the governor's office twice.
  await smtp.waitForMails(2, 60_000);
  const { text: workerText, families: fromWorker } = await scrapeUntil(workerMetrics, (f) => valueOf(f, 'loans_emails_total', { kind: 'escalation', outcome: 'sent' }) >= 2);
  expect(valueOf(fromWorker, 'loans_emails_total', { kind: 'escalation', outcome: 'sent', process: 'worker' })).toBe(2);
  expect(valueOf(fromWorker, 'loans_emails_total', { outcome: 'failed' })).toBe(0);
  for (const level of ['reminder', 'governors_office', 'abandoned']) expect([level, valueOf(fromWorker, 'loans_escalations_total', { level })]).toEqual([level, 1]);
  expect(valueOf(fromWorker, 'loans_emails_unconfirmed', { process: 'worker' })).toBe(1);
  // The SDK's own metrics, on the same endpoint, durations in seconds.
  expect(fromWorker.get('temporal_workflow_task_schedule_to_start_latency')?.type).toBe('histogram');
  expect(valueOf(fromWorker, 'temporal_workflow_task_schedule_to_start_latency_count', { process: 'worker' })).toBeGreaterThan(0);
  expect(fromWorker.get('temporal_sticky_cache_size')?.type).toBe('gauge');
  expect(workerText).not.toContain(applicant.nationalId);

  // Logs: the request ids are there, the applicant's personal data nowhere.
  expect(api.output()).toContain(requestId);
  for (const output of [api.output(), worker.output()]) {
    for (const value of personalData) expect(output).not.toContain(value);
  }
}, 120_000);
