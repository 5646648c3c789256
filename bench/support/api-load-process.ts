import autocannon from 'autocannon';
import type { FromLoad, LoadPlan, LoadResult, ToLoad } from './api-load-protocol';
import { summarize } from './stats';

/**
 * The load generator, in a process of its own so that making requests and timing them does not
 * share an event loop with the API under measurement. It runs one plan and leaves.
 */

const send = (message: FromLoad, then: () => void = () => undefined): void => {
  process.send?.(message, then);
};

async function run(plan: LoadPlan): Promise<LoadResult> {
  let next = 0;
  let overrun = 0;
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  const cpuBefore = process.cpuUsage();
  const started = performance.now();

  const options: autocannon.Options = {
    url: plan.origin,
    connections: plan.connections,
    timeout: plan.timeoutS,
    ...(plan.mode.kind === 'each' ? { amount: plan.requests.length } : { duration: plan.mode.seconds }),
    // autocannon calls this once for every request it sends (each connection has its own
    // iterator over this one entry), so a counter shared by all connections hands each request
    // the next planned one.
    requests: [
      {
        setupRequest: (request) => {
          if (plan.mode.kind === 'each' && next >= plan.requests.length) overrun += 1;
          const planned = plan.requests[next++ % plan.requests.length]!;
          return { ...request, method: planned.method, path: planned.path, headers: planned.headers, ...(planned.body === undefined ? {} : { body: planned.body }) };
        },
      },
    ],
  };
  const finished = new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result)));
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      latenciesMs.push(responseTimeMs);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
  const result = await finished;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const ok = Object.entries(statuses).reduce((sum, [status, count]) => sum + (status.startsWith('2') ? count : 0), 0);
  return {
    title: plan.title,
    seconds: Math.round(seconds * 1000) / 1000,
    requestsPerSecond: Math.round((ok / seconds) * 10) / 10,
    latency: summarize(latenciesMs),
    ok,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
    overrun,
    generatorCores: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100) / 100,
  };
}

function fail(error: unknown): void {
  send({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () => process.exit(1));
}

process.on('message', (message: ToLoad) => {
  if (message.type !== 'run') return;
  run(message).then((result) => send({ type: 'result', result }, () => process.disconnect?.()), fail);
});
// The bench died or closed the channel: nothing will ask for anything again.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
