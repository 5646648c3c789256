import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { openDatabase, type Database } from '../../db/prisma-client';
import { createWorker } from '../../worker/create-worker';
import type { FromWorker, MemoryPeaks, ToWorker, WorkerStartMessage } from './worker-protocol';
import { testFieldCipher } from '../../support/test-field-cipher';

/**
 * The worker under measurement, in a process of its own so that its RSS is its own and not
 * the API's or the load driver's. Started by the bench with `fork`; it exits when the bench
 * asks it to stop or when the bench goes away.
 */

const send = (message: FromWorker): void => {
  process.send?.(message);
};

const peaks: MemoryPeaks = { peakRssBytes: 0, peakHeapUsedBytes: 0, peakHeapTotalBytes: 0, samples: 0 };
const sample = (): void => {
  const { rss, heapUsed, heapTotal } = process.memoryUsage();
  peaks.peakRssBytes = Math.max(peaks.peakRssBytes, rss);
  peaks.peakHeapUsedBytes = Math.max(peaks.peakHeapUsedBytes, heapUsed);
  peaks.peakHeapTotalBytes = Math.max(peaks.peakHeapTotalBytes, heapTotal);
  peaks.samples += 1;
};
const sampler = setInterval(sample, 100);

let worker: Worker | undefined;
let running: Promise<void> | undefined;
let database: Database | undefined;

async function start(message: WorkerStartMessage): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: message.address });
  const settings = { connection, namespace: message.namespace, taskQueue: message.taskQueue, workflowBundle: { codePath: message.bundlePath } };
  if (message.kind === 'lifecycle') {
    if (!message.databaseUrl) throw new Error('the lifecycle worker needs databaseUrl');
    // The same wiring as server/main.ts for RUN_MODE=worker: one pg pool with its default size.
    database = await openDatabase({ databaseUrl: message.databaseUrl });
    worker = await createWorker(settings, { prisma: database.prisma, fields: testFieldCipher });
  } else {
    worker = await Worker.create(settings);
  }
  running = worker.run();
  running.catch((error: unknown) => fail(error));
  send({ type: 'ready' });
}

async function stop(): Promise<void> {
  if (worker?.getState() === 'RUNNING') worker.shutdown();
  await running?.catch(() => undefined);
  await database?.close();
  sample();
  clearInterval(sampler);
  // Leave once the report is on its way; the 'disconnect' handler below ends the process.
  process.send?.({ type: 'stopped', memory: peaks } satisfies FromWorker, () => process.disconnect?.());
}

function fail(error: unknown): void {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exit(1);
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'start') start(message).catch(fail);
  else if (message.type === 'stop') stop().catch(fail);
});
// The bench died or closed the channel: nothing will ask this worker for anything again.
process.on('disconnect', () => process.exit(0));
