import { parseArgs } from 'node:util';

export interface BenchOptions {
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

const usage = 'usage: npm run bench -- [--n 200] [--concurrency 50] [--tranches 2] [--follow-up-ms 0] [--timeout-s 900] [--without-idempotency-keys]';

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      n: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '50' },
      tranches: { type: 'string', default: '2' },
      'follow-up-ms': { type: 'string', default: '0' },
      'timeout-s': { type: 'string', default: '900' },
      'without-idempotency-keys': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
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

/** A whole-number flag of at least `min`; anything else ends the run with the usage line. */
export function wholeOption(name: string, value: string, min: number, usageLine: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < min) {
    console.error(`--${name} must be a whole number of at least ${min}, not ${value}\n${usageLine}`);
    process.exit(2);
  }
  return parsed;
}
