import { parseArgs } from 'node:util';
import { wholeOption } from './options';

export interface ApiBenchOptions {
  /** Submitted applications that the read endpoint is asked for, round robin. */
  reads: number;
  /** Referred applications, each acknowledged by exactly one measured step request. */
  steps: number;
  /** Concurrent HTTP connections of the load generator for the reads and the bare route. */
  connections: number;
  /** The step runs (steps and bare workflow Updates), one per count of connections, in this order. */
  stepConnections: number[];
  /** How long the read endpoint and the bare route are loaded. */
  durationS: number;
  /** Load before each measurement that is not counted (JIT, connection pools, caches). */
  warmUpS: number;
  /** The whole run, set-up and cleanup included, is abandoned after this long. */
  timeoutMs: number;
  /** Send an Idempotency-Key with every step, as careful clients (and the lifecycle bench) do. */
  idempotencyKeys: boolean;
}

const usage =
  'usage: npm run bench:api -- [--reads 200] [--steps 1000] [--connections 50] [--step-connections 50,10] [--duration-s 10] [--warm-up-s 2] [--timeout-s 600] [--without-idempotency-keys]';

export function parseApiOptions(argv: string[]): ApiBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      reads: { type: 'string', default: '200' },
      steps: { type: 'string', default: '1000' },
      connections: { type: 'string', default: '50' },
      'step-connections': { type: 'string', default: '50,10' },
      'duration-s': { type: 'string', default: '10' },
      'warm-up-s': { type: 'string', default: '2' },
      'timeout-s': { type: 'string', default: '600' },
      'without-idempotency-keys': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const connections = wholeOption('connections', values.connections, 1, usage);
  const stepConnections = values['step-connections'].split(',').map((count) => wholeOption('step-connections', count.trim(), 1, usage));
  return {
    reads: wholeOption('reads', values.reads, 1, usage),
    // autocannon splits a fixed number of requests over the connections and refuses fewer than one each.
    steps: wholeOption('steps', values.steps, Math.max(...stepConnections), usage),
    connections,
    stepConnections,
    durationS: wholeOption('duration-s', values['duration-s'], 1, usage),
    warmUpS: wholeOption('warm-up-s', values['warm-up-s'], 0, usage),
    timeoutMs: wholeOption('timeout-s', values['timeout-s'], 10, usage) * 1000,
    idempotencyKeys: !values['without-idempotency-keys'],
  };
}
