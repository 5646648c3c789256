import { execFile } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { noopMetricMeter } from '@temporalio/common';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import pino from 'pino';
import { httpMetrics } from '../api/http-metrics';
import { addressRateLimit, userRateLimit } from '../api/rate-limit';
import { requestDeadline } from '../api/request-deadline';
import { requestLogging } from '../api/request-logging';

/**
 * What each of the app's global middleware costs per request (issue 13): a trivial JSON route
 * behind one middleware at a time, then behind all of them, loaded by autocannon from another
 * process; the figure is this process's CPU time per request, so the load generator's is not in it.
 *
 *   npx tsx bench/middleware-cost.ts [seconds per configuration, default 3] [rounds, default 3]
 */

const seconds = Number(process.argv[2] ?? 3);
const rounds = Number(process.argv[3] ?? 3);
const autocannon = path.resolve(__dirname, '../node_modules/.bin/autocannon');
const actor = { userId: 'u-bench', organizationId: 'org-bench', role: 'agency' };
/** Stands in for authentication: the rate limiters read the actor it leaves. */
const signedIn: RequestHandler = (_req, res, next) => {
  res.locals.actor = actor;
  next();
};
// Logged as in production, serialized and written, but to nowhere.
const logger = pino({ level: 'info', base: { service: 'loan-api' } }, pino.destination({ dest: '/dev/null', sync: false }));
const generous = { limit: 1e9, unauthenticatedLimit: 1e9 };

const configurations: Array<[string, RequestHandler[]]> = [
  ['bare', []],
  ['pino-http request logging', [requestLogging(logger)]],
  ['http metrics (no-op meter)', [httpMetrics(noopMetricMeter)]],
  ['helmet', [helmet()]],
  ['request deadline', [requestDeadline()]],
  ['address rate limit', [signedIn, addressRateLimit(generous)]],
  ['user rate limit', [signedIn, userRateLimit(generous)]],
  ['all of them', [requestLogging(logger), httpMetrics(noopMetricMeter), helmet(), requestDeadline(), signedIn, addressRateLimit(generous), userRateLimit(generous)]],
];

async function measure(name: string, middleware: RequestHandler[]): Promise<number> {
  const app = express();
  app.disable('x-powered-by');
  for (const handler of middleware) app.use(handler);
  app.get('/x', (_req, res) => {
    res.json({ ok: true });
  });
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
  const cpuBefore = process.cpuUsage();
  const { stdout } = await promisify(execFile)(autocannon, ['-c', '20', '-d', String(seconds), '--json', url], { maxBuffer: 1 << 24 });
  const cpu = process.cpuUsage(cpuBefore);
  server.close();
  const result = JSON.parse(stdout) as { requests: { total: number; average: number }; non2xx: number };
  const usPerRequest = (cpu.user + cpu.system) / result.requests.total;
  console.log(`${name.padEnd(28)} ${String(Math.round(result.requests.average)).padStart(6)} req/s  ${usPerRequest.toFixed(0).padStart(5)} µs CPU/request  (non-2xx ${result.non2xx})`);
  return usPerRequest;
}

async function main(): Promise<void> {
  await measure('warm-up', []);
  // Rounds in rotation, the least of each kept: other work on the machine only ever adds.
  const costs = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    for (const [name, middleware] of configurations) costs.set(name, Math.min(costs.get(name) ?? Infinity, await measure(name, middleware)));
  }
  const bare = costs.get('bare')!;
  console.log(`\nadded CPU per request over bare (least of ${rounds} rounds):`);
  for (const [name, us] of costs) if (name !== 'bare') console.log(`  ${name.padEnd(28)} +${(us - bare).toFixed(0)} µs`);
}

void main();
