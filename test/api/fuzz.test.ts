import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { httpServerOptions } from '../../api/request-deadline';
import { type ApiHarness, startApiHarness } from './support/api-harness';
import { servedRoutes } from './support/served-routes';
import { databaseSnapshot } from './support/fuzz/database-snapshot';
import { type Answer, faultOf, fuzzClient } from './support/fuzz/fuzz-client';
import { endpoints, type FuzzRequest, fuzzRequests } from './support/fuzz/fuzz-requests';
import { buildTargets, fuzzCallers, type Target } from './support/fuzz/fuzz-world';

/**
 * Issue 8's fuzz test: at least 10,000 malformed requests (wrong types, missing and extra
 * fields, NUL, surrogates, bidi and control characters, bad JSON, media types, charsets and
 * encodings, bad percent-encoding, odd paths, wrong methods, bad queries, garbled and replayed
 * Idempotency-Keys, steps out of turn and by the wrong party) across every endpoint and every
 * caller, against the real app, database, dev server and worker. None may answer 5xx or hang,
 * every answer is a 4xx problem+json, and no row and no workflow changes.
 */

const REQUESTS = 10_240;
const BATCH = 32;
const TIMEOUT_MS = 15_000;

let api: ApiHarness;
let server: Server;
let targets: Target[];
beforeAll(async () => {
  api = await startApiHarness();
  targets = await buildTargets(api);
  // Limits high enough that the requests reach the routes, not only the rate limiter.
  const app = api.appWith({ rateLimit: { limit: 1_000_000, unauthenticatedLimit: 1_000_000 } });
  server = createServer(httpServerOptions(), app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
}, 120_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await api?.stop();
});

test(`${REQUESTS} malformed requests across every endpoint and caller: no 5xx, no hang, only 4xx problem+json, and nothing changes`, async () => {
  expect(endpoints().map((e) => `${e.method} ${e.template}`).sort()).toEqual(servedRoutes(api.app));
  const rowsBefore = await databaseSnapshot(api.harness.prisma);
  const statesBefore = await Promise.all(targets.map((t) => api.harness.workflows.state(t.id)));
  const client = fuzzClient((server.address() as AddressInfo).port, TIMEOUT_MS, BATCH);
  const seen = { requests: 0, statuses: new Map<number, number>(), endpoints: new Set<string>(), callers: new Set<string>() };

  try {
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzRequests(api, targets), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const answers = await Promise.all(batch.map(client.send));
        const faults = batch.flatMap((request, i) => describeFault(request, answers[i]!));
        record(seen, batch, answers);
        if (faults.length > 0) throw new Error(`${faults.length} of ${batch.length} answers were wrong:\n${faults.slice(0, 5).join('\n')}`);
      }),
      {
        numRuns: REQUESTS / BATCH,
        endOnFailure: true,
        // The faults themselves say what went wrong; a batch of 32 raw requests would bury them.
        reporter: (run) => {
          if (run.failed) throw new Error(`seed ${run.seed}, path ${run.counterexamplePath}: ${run.errorInstance instanceof Error ? run.errorInstance.message : String(run.errorInstance)}`);
        },
      },
    );
  } finally {
    client.close();
  }

  expect(seen.requests).toBeGreaterThanOrEqual(10_000);
  // Every layer was reached: body and path checks, authentication, roles, routes, the workflow's own rules.
  expect([...seen.statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 401, 403, 404, 409, 413, 415, 422]));
  expect(seen.endpoints.size).toBe(endpoints().length);
  expect([...seen.callers].sort()).toEqual([...fuzzCallers].sort());
  expect(await databaseSnapshot(api.harness.prisma)).toEqual(rowsBefore);
  expect(await Promise.all(targets.map((t) => api.harness.workflows.state(t.id)))).toEqual(statesBefore);
}, 180_000);

function describeFault(request: FuzzRequest, answer: Answer): string[] {
  const fault = faultOf(answer);
  return fault ? [`${request.method} ${request.path.slice(0, 120)} [${request.what.slice(0, 120)}] → ${fault} (${answer.ms} ms)`] : [];
}

function record(seen: { requests: number; statuses: Map<number, number>; endpoints: Set<string>; callers: Set<string> }, batch: FuzzRequest[], answers: Answer[]) {
  seen.requests += batch.length;
  answers.forEach((a) => seen.statuses.set(a.status, (seen.statuses.get(a.status) ?? 0) + 1));
  batch.forEach((r) => {
    seen.endpoints.add(r.endpoint);
    seen.callers.add(r.caller);
  });
}
