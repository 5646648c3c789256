import { parseArgs } from 'node:util';

export interface ApiBenchOptions {
  /** Submitted applications that the read endpoint is asked for, round robin. */
  reads: number;
  /** Referred applications, each acknowledged by exactly one measured step request. */
  steps: number;
  /** Concurrent HTTP connections of the load generator. */
  connections: number;
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
  'usage: npm run bench:api -- [--reads 200] [--steps 1000] [--connections 50] [--duration-s 10] [--warm-up-s 2] [--timeout-s 600] [--without-idempotency-keys]';

export function parseApiOptions(argv: string[]): ApiBenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      reads: { type: 'string', default: '200' },
      steps: { type: 'string', default: '1000' },
      connections: { type: 'string', default: '50' },
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
  const connections = whole('connections', values.connections, 1);
  return {
    reads: whole('reads', values.reads, 1),
    // autocannon splits a fixed number of requests over the connections and refuses fewer than one each.
    steps: whole('steps', values.steps, connections),
    connections,
    durationS: whole('duration-s', values['duration-s'], 1),
    warmUpS: whole('warm-up-s', values['warm-up-s'], 0),
    timeoutMs: whole('timeout-s', values['timeout-s'], 10) * 1000,
    idempotencyKeys: !values['without-idempotency-keys'],
  };
}

function whole(name: string, value: string, min: number): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    console.error(`--${name} must be a whole number of at least ${min}, not ${value}\n${usage}`);
    process.exit(2);
  }
  return parsed;
}
