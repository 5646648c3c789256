/**
 * Escalation benchmark, on a real Temporal dev server, PostgreSQL and a real SMTP server (in a
 * child process) that notes when each mail arrives. In one run, one JSON line:
 *  - bare: nodemailer alone sends 2×N escalation emails over the same pool to the same server;
 *  - spread: N cases fall due spread over `--spread-s` seconds; lateness p50/p95/p99;
 *  - burst: N cases stalled at once; lateness, mails per case, and the pipeline's mails per second
 *    while it had mail due, against the bare loop's (the ratio);
 *  - where the lateness goes (timer, workflow task, activity schedule-to-start, SMTP), per wave.
 *
 *   npm run bench:escalation -- [--n 1000] [--spread-s 300] [--stall-after-s 30] [--phases bare,spread,burst]
 *     [--concurrency 100] [--pool-connections 5] [--pool-messages 100] [--activity-slots 100]
 *
 * One "working day" lasts a second here (the calendar's test mode): a case's categorization is
 * due `stall-after-s` seconds after submission (plus its share of the spread), the governor's
 * office 5 seconds later.
 */
import { execFileSync, fork } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { loadConfig } from '../config/config';
import { escalationPolicyOf } from '../config/escalation-policy';
import { allSearchAttributes } from '../domain/contract';
import { createMailer } from '../mail/mailer';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { createWorker, DEFAULT_CONCURRENT_ACTIVITIES } from '../worker/create-worker';
import { agency, seedOrganizations } from '../support/fixtures';
import { createTestDatabase } from '../support/test-database';
import { runBareNodemailerLoop } from './support/escalation-bare-loop';
import { printProfile, profileLateness } from './support/escalation-profile';
import { DAY_MS, ESCALATE_AFTER_DAYS, printWave, runWave, type WaveSetup } from './support/escalation-wave';
import { parseFlags, wholeOption } from './support/options';
import type { SinkMessage } from './support/smtp-sink';
import { testFieldCipher } from '../support/test-field-cipher';

const PHASES = ['bare', 'spread', 'burst'] as const;

function options() {
  const usage =
    'usage: npm run bench:escalation -- [--n 1000] [--spread-s 300] [--stall-after-s 30] [--phases bare,spread,burst] [--concurrency 100] [--pool-connections 5] [--pool-messages 100] [--activity-slots 100]';
  const values = parseFlags(usage, {
    n: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '100' },
    'stall-after-s': { type: 'string', default: '30' },
    'spread-s': { type: 'string', default: '300' },
    phases: { type: 'string', default: PHASES.join(',') },
    'pool-connections': { type: 'string', default: '5' },
    'pool-messages': { type: 'string', default: '100' },
    'activity-slots': { type: 'string', default: String(DEFAULT_CONCURRENT_ACTIVITIES) },
  });
  const phases = values.phases.split(',').map((p) => p.trim());
  if (phases.some((p) => !(PHASES as readonly string[]).includes(p))) {
    console.error(`--phases takes any of ${PHASES.join(', ')}, not ${values.phases}\n${usage}`);
    process.exit(2);
  }
  return {
    n: wholeOption('n', values.n, 1, usage),
    concurrency: wholeOption('concurrency', values.concurrency, 1, usage),
    stallAfterDays: wholeOption('stall-after-s', values['stall-after-s'], 1, usage),
    spreadDays: wholeOption('spread-s', values['spread-s'], 1, usage),
    phases: new Set(phases),
    poolConnections: wholeOption('pool-connections', values['pool-connections'], 0, usage),
    poolMessages: wholeOption('pool-messages', values['pool-messages'], 1, usage),
    activitySlots: wholeOption('activity-slots', values['activity-slots'], 1, usage),
  };
}

/** Starts bench/support/smtp-sink.ts in a child process; `arrivals` collects when each Message-ID came. */
async function startSmtp(arrivals: Map<string, number[]>) {
  const child = fork(path.join(__dirname, 'support/smtp-sink.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the SMTP sink exited with code ${code}`)));
    child.on('message', (message: SinkMessage) => {
      if (message.kind === 'listening') resolve(message.url!);
      if (message.kind === 'mail') arrivals.set(message.messageId!, [...(arrivals.get(message.messageId!) ?? []), message.at!]);
    });
  });
  return {
    url,
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

async function main(): Promise<void> {
  const o = options();
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const cliPath = process.env.TEMPORAL_CLI_PATH ?? execFileSync('bash', ['scripts/temporal-cli.sh'], { encoding: 'utf8' }).trim();
  const arrivals = new Map<string, number[]>();
  const smtp = await startSmtp(arrivals);
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: cliPath },
      searchAttributes: allSearchAttributes,
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF', '--log-level', 'error'],
    },
  });
  const database = await createTestDatabase();
  const config = loadConfig({
    SMTP_URL: smtp.url,
    GOVERNORS_OFFICE_EMAILS: 'governor-office@lahijan.example',
    SMTP_POOL_CONNECTIONS: String(o.poolConnections),
    SMTP_POOL_MESSAGES: String(o.poolMessages),
  });
  const mailer = createMailer(config);
  const taskQueue = `escalation-bench-${randomUUID()}`;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    await seedOrganizations(database.prisma);
    await database.prisma.organization.update({ where: { id: agency.organizationId }, data: { contactEmail: 'desk@relief-committee.example' } });
    const { code } = await bundleWorkflows();
    worker = await createWorker(
      { connection: env.nativeConnection, namespace: 'default', taskQueue, workflowBundle: { code }, maxConcurrentActivities: o.activitySlots },
      { prisma: database.prisma, fields: testFieldCipher, notifications: { mailer, config } },
    );
    running = worker.run();

    const base = escalationPolicyOf(config);
    const setup: WaveSetup = {
      client: env.client,
      taskQueue,
      prisma: database.prisma,
      arrivals,
      concurrency: o.concurrency,
      policy: {
        ...base,
        dayLengthMs: DAY_MS,
        holidays: [],
        escalateAfterDays: ESCALATE_AFTER_DAYS,
        repeatEveryDays: 10_000, // one reminder and one escalation per case within the run
        provinceAfterRepeats: null,
      },
    };
    const pool = { connections: o.poolConnections, messagesPerConnection: o.poolMessages, activitySlots: o.activitySlots };
    console.log(`escalation benchmark: ${o.n} cases; SMTP pool ${o.poolConnections} connections × ${o.poolMessages} mails, ${o.activitySlots} activity slots`);
    const bare = o.phases.has('bare') ? await runBareNodemailerLoop(smtp.url, 2 * o.n, config) : undefined;
    if (bare) console.log(`bare nodemailer loop: ${bare.emails} mails in ${bare.seconds} s, ${bare.emailsPerSecond} mails/s`);
    const spread = o.phases.has('spread') ? await runWave(setup, { n: o.n, stallAfterDays: o.stallAfterDays, spreadDays: o.spreadDays }) : undefined;
    if (spread) printWave(`spread over ${o.spreadDays} s`, spread.figures);
    const burst = o.phases.has('burst') ? await runWave(setup, { n: o.n, stallAfterDays: o.stallAfterDays, spreadDays: 0 }) : undefined;
    if (burst) printWave('burst, all at once', burst.figures);

    console.log('where the lateness goes (consecutive segments from the due time, from the histories of 100 cases):');
    const profiles = {
      spread: spread ? await profileLateness(env.client, spread.owed) : undefined,
      burst: burst ? await profileLateness(env.client, burst.owed) : undefined,
    };
    if (profiles.spread) printProfile('spread', profiles.spread);
    if (profiles.burst) printProfile('burst', profiles.burst);
    const ratio = bare && burst ? Math.round((burst.figures.pipelineEmailsPerSecond / bare.emailsPerSecond) * 100) / 100 : undefined;
    if (ratio !== undefined) console.log(`pipeline throughput / bare nodemailer: ${ratio} (target ≥ 0.5)`);
    if (spread) console.log(`spread lateness p99 ${spread.figures.latenessAllMs.p99Ms} ms (target < 2000 ms)`);
    const loadAverage = loadavg().map((l) => Math.round(l * 100) / 100);
    console.log(JSON.stringify({ cases: o.n, pool, loadAverage, bare, spread: spread?.figures, burst: burst?.figures, pipelineToBareRatio: ratio, profiles }));
    const waves = [spread, burst].filter((w) => w !== undefined);
    const exact = waves.every((w) => Object.values(w.figures.mailsPerCase).every((m) => m.exactlyOne === o.n));
    process.exitCode = exact ? 0 : 1;
  } finally {
    worker?.shutdown();
    await running;
    await mailer.close();
    await env.teardown();
    await database.drop();
    await smtp.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
