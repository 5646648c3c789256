import { parseArgs, type ParseArgsConfig } from 'node:util';

type FlagConfig = NonNullable<ParseArgsConfig['options']>;
type FlagValues<O extends FlagConfig> = ReturnType<typeof parseArgs<{ args: string[]; options: O }>>['values'];

/**
 * A bench's flags (each with its default): `--help` prints the usage line and ends the run; an
 * unknown or malformed flag ends it with the reason and the usage line.
 */
export function parseFlags<O extends FlagConfig>(usage: string, options: O, args = process.argv.slice(2)): FlagValues<O> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  try {
    return parseArgs({ args, options }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    process.exit(2);
  }
}

/** A whole-number flag of at least `min`; anything else ends the run with the usage line. */
export function wholeOption(name: string, value: string, min: number, usageLine: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    console.error(`--${name} must be a whole number of at least ${min}, not ${value}\n${usageLine}`);
    process.exit(2);
  }
  return parsed;
}

/** A comma-separated list of whole numbers, each at least `min`. */
export function wholeList(name: string, value: string, min: number, usageLine: string): number[] {
  return value.split(',').map((item) => wholeOption(name, item.trim(), min, usageLine));
}

export interface LifecycleOptions {
  /** Applications (and bare workflows) to drive through their whole lifecycle. */
  n: number;
  /** How many lifecycles are in flight at once. */
  concurrency: number;
  /** Tranches per application: disburse-tranche is called this many times. */
  tranches: number;
  followUpAfterMs: number;
  /** The whole run, set-up and cleanup included, is abandoned after this long. */
  timeoutMs: number;
  /** Send an Idempotency-Key with every POST, as careful clients do. */
  idempotencyKeys: boolean;
}

export function parseLifecycleOptions(argv: string[]): LifecycleOptions {
  const usage =
    'usage: npm run bench -- [--n 200] [--concurrency 50] [--tranches 2] [--follow-up-ms 0] [--timeout-s 900] [--without-idempotency-keys]';
  const values = parseFlags(
    usage,
    {
      n: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '50' },
      tranches: { type: 'string', default: '2' },
      'follow-up-ms': { type: 'string', default: '0' },
      'timeout-s': { type: 'string', default: '900' },
      'without-idempotency-keys': { type: 'boolean', default: false },
    },
    argv,
  );
  const n = wholeOption('n', values.n, 1, usage);
  return {
    n,
    // More lifecycles in flight than there are applications would be idle.
    concurrency: Math.min(n, wholeOption('concurrency', values.concurrency, 1, usage)),
    tranches: wholeOption('tranches', values.tranches, 1, usage),
    followUpAfterMs: wholeOption('follow-up-ms', values['follow-up-ms'], 0, usage),
    timeoutMs: wholeOption('timeout-s', values['timeout-s'], 10, usage) * 1000,
    idempotencyKeys: !values['without-idempotency-keys'],
  };
}

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

export function parseApiOptions(argv: string[]): ApiBenchOptions {
  const usage =
    'usage: npm run bench:api -- [--reads 200] [--steps 1000] [--connections 50] [--step-connections 50,10] [--duration-s 10] [--warm-up-s 2] [--timeout-s 600] [--without-idempotency-keys]';
  const values = parseFlags(
    usage,
    {
      reads: { type: 'string', default: '200' },
      steps: { type: 'string', default: '1000' },
      connections: { type: 'string', default: '50' },
      'step-connections': { type: 'string', default: '50,10' },
      'duration-s': { type: 'string', default: '10' },
      'warm-up-s': { type: 'string', default: '2' },
      'timeout-s': { type: 'string', default: '600' },
      'without-idempotency-keys': { type: 'boolean', default: false },
    },
    argv,
  );
  const stepConnections = wholeList('step-connections', values['step-connections'], 1, usage);
  return {
    reads: wholeOption('reads', values.reads, 1, usage),
    // autocannon splits a fixed number of requests over the connections and refuses fewer than one each.
    steps: wholeOption('steps', values.steps, Math.max(...stepConnections), usage),
    connections: wholeOption('connections', values.connections, 1, usage),
    stepConnections,
    durationS: wholeOption('duration-s', values['duration-s'], 1, usage),
    warmUpS: wholeOption('warm-up-s', values['warm-up-s'], 0, usage),
    timeoutMs: wholeOption('timeout-s', values['timeout-s'], 10, usage) * 1000,
    idempotencyKeys: !values['without-idempotency-keys'],
  };
}
