import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { issueApiKey } from '../../api/api-keys';
import { bundleWorkflows } from '../../worker/bundle-workflows';
import { submissionRequest } from '../api/support/bodies';
import { agency, seedOrganizations } from '../../support/fixtures';
import { freePort } from '../../support/free-port';
import { startDevServer } from '../support/temporal';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';
import { aNationalId } from '../../support/national-ids';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './support/otlp-receiver';
import { startWorkerProcess, stopAllWorkerProcesses, type WorkerProcessSettings } from '../../support/worker-process';

/**
 * An API process and a worker process of the real entry point with OTEL_EXPORTER_OTLP_ENDPOINT
 * set, sending to a real OTLP/HTTP endpoint in this test: one application submitted over HTTP
 * is one trace, from the API's request span through the workflow to its persistence activity,
 * and no span carries the applicant's personal data. The worker loads the prebuilt bundle, as
 * production does. Real dev server, real PostgreSQL.
 */
let env: TestWorkflowEnvironment;
let database: TestDatabase;
let receiver: OtlpReceiver;
let dir: string;
let settings: WorkerProcessSettings;
let agencyKey: string;
let apiUrl: string;

async function startApi(extraEnv: Record<string, string>): Promise<string> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await startWorkerProcess({ ...settings, env: { ...settings.env, ...extraEnv, RUN_MODE: 'api', PORT: String(port), PUBLIC_BASE_URL: url }, readyLine: 'API listening on' });
  return url;
}

beforeAll(async () => {
  let bundleCode: string;
  [env, database, receiver, dir, { code: bundleCode }] = await Promise.all([
    startDevServer(),
    createTestDatabase(),
    startOtlpReceiver(),
    mkdtemp(path.join(os.tmpdir(), 'loan-tracing-')),
    bundleWorkflows(undefined, { withTracingInterceptors: true }),
  ]);
  const bundlePath = path.join(dir, 'workflow-bundle.js');
  await writeFile(bundlePath, bundleCode);
  await seedOrganizations(database.prisma);
  agencyKey = await issueApiKey(database.prisma, agency.userId, 'tracing test');
  settings = {
    databaseUrl: database.url,
    temporalAddress: env.address,
    taskQueue: `loans-tracing-${randomUUID()}`,
    workflowBundlePath: bundlePath,
    // Spans are sent every 200 ms rather than every 5 s, so the test waits less.
    env: { DATA_DIR: dir, OUTBOX_DIR: path.join(dir, 'outbox'), OTEL_BSP_SCHEDULE_DELAY: '200' },
  };
  await startWorkerProcess({ ...settings, env: { ...settings.env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint } });
  apiUrl = await startApi({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
}, 180_000);

afterAll(async () => {
  await stopAllWorkerProcesses();
  await env?.teardown();
  await database?.drop();
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
}, 60_000);

const submit = (url: string, body: object) =>
  fetch(`${url}/applications`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${agencyKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

/** Waits until the spans received satisfy `found`, which returns what it found or undefined. */
async function spansUntil<T>(found: (spans: ReceivedSpan[]) => T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = found(receiver.spans());
    if (result !== undefined) return result;
    if (Date.now() > deadline) {
      throw new Error(`spans never arrived; received:\n${receiver.spans().map((s) => `${s.service} ${s.traceId} ${s.name}`).join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('given tracing on, a submission over HTTP is one trace from the API request through the workflow to its persistence activity, without personal data', async () => {
  const applicant = { nationalId: aNationalId(), fullName: 'Golnar Tracingzadeh', phone: '09127654321', address: 'Kashef Street, Lahijan', district: 'lahijan_city' };
  const response = await submit(apiUrl, submissionRequest({ applicant }));
  expect(response.status).toBe(201);
  const { id } = (await response.json()) as { id: string };

  const trace = await spansUntil((spans) => {
    const request = spans.find((s) => s.service === 'loans-api' && s.name === 'POST /applications');
    if (!request) return undefined;
    const inTrace = spans.filter((s) => s.traceId === request.traceId);
    const activity = inTrace.find((s) => s.service === 'loans-worker' && s.name.startsWith('RunActivity:persist'));
    const workflow = inTrace.find((s) => s.service === 'loans-worker' && s.spanId === activity?.parentSpanId);
    return activity && workflow ? { request, workflow, activity, inTrace } : undefined;
  });

  expect(trace.request.attributes).toEqual({ 'http.request.method': 'POST', 'http.route': '/applications', 'http.response.status_code': '201' });
  // The activity's parent is the workflow's own span, made inside the sandbox and sent through the sink
  // with the workflow's identifiers only (not its memo, search attributes or results).
  expect(trace.workflow.name).toMatch(/^StartActivity:persist/);
  expect(Object.keys(trace.workflow.attributes).sort()).toEqual(['attempt', 'namespace', 'runId', 'taskQueue', 'workflowId', 'workflowType']);
  expect(trace.activity.attributes.temporalWorkflowId).toContain(id);
  // The Temporal client's span sits under the request's, and the workflow's under the client's.
  const client = trace.inTrace.find((s) => s.service === 'loans-api' && s.parentSpanId === trace.request.spanId);
  expect(client?.name).toMatch(/^UpdateWithStartWorkflow:submit/);

  const everything = JSON.stringify(receiver.spans());
  for (const personal of [applicant.nationalId, applicant.fullName, applicant.phone, 'Tracingzadeh']) expect(everything).not.toContain(personal);
}, 60_000);

test('given no OTEL_EXPORTER_OTLP_ENDPOINT, an API process starts, serves and sends no spans', async () => {
  const untraced = await startApi({ OTEL_EXPORTER_OTLP_ENDPOINT: '' });
  expect((await fetch(`${untraced}/healthz`)).status).toBe(200);
  const response = await submit(untraced, submissionRequest({ applicant: { ...submissionRequest().applicant, nationalId: aNationalId() } }));
  expect(response.status).toBe(201);
  // Longer than a few export intervals of a traced process.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(receiver.spans().filter((s) => s.service === 'loans-api' && s.name === 'GET /healthz')).toEqual([]);
  expect(receiver.spans().filter((s) => s.service === 'loans-api' && s.name === 'POST /applications')).toHaveLength(1);
}, 90_000);
