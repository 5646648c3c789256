import { startTopology, type Topology } from './support/topology';

// A worker process of server/main.ts writes the Temporal SDK's logs as JSON lines (pino), like
// the API's, instead of the SDK's multi-line text: one event per line for a log collector.
let topology: Topology;

beforeAll(async () => {
  topology = await startTopology({ followUpAfterMs: 300 });
}, 180_000);

afterAll(async () => {
  await topology?.stop();
}, 60_000);

test("the SDK's log lines of a worker process are JSON, one per line, with their fields", async () => {
  const worker = await topology.startWorker();
  const lines = worker.output().split('\n').filter((line) => line.length > 0);
  const json = lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(json).toContainEqual(expect.objectContaining({ service: 'loan-worker', msg: 'Worker state changed', sdkComponent: 'worker', state: 'RUNNING' }));
  // No line of the SDK's text format ("2026-… [INFO] Worker state changed {" and its fields on lines of their own).
  expect(lines.filter((line) => /\[(INFO|WARN|ERROR)\]|^\s+sdkComponent:/.test(line))).toEqual([]);
}, 120_000);
