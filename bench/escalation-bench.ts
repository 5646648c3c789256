/**
 * Escalation benchmark: N cases (default 1,000) stalled at once on a real Temporal dev server;
 * a real SMTP server in this process notes when each mail arrives. Prints how late each mail
 * lands after it was due (p50/p99/max, per level) and how many mails arrived per case and level.
 *
 *   npm run bench:escalation -- [--n 1000] [--concurrency 100] [--stall-after-s 30]
 *
 * One "working day" lasts a second here (the calendar's test mode): every case's categorization
 * is due `stall-after-s` seconds after submission, the governor's office 5 seconds later.
 */
import { execFileSync, fork } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { messageIdFor } from '../activities/notify-stalled-case';
import { WorkflowGateway } from '../api/workflow-gateway';
import { loadConfig } from '../config/config';
import { escalationPolicyOf } from '../config/escalation-policy';
import { allSearchAttributes } from '../domain/contract';
import { createSmtpMailer } from '../mail/mailer';
import { bundleWorkflows } from '../worker/bundle-workflows';
import { createWorker } from '../worker/create-worker';
import { agency, seedOrganizations, submitCommand } from '../test/support/fixtures';
import { createTestDatabase } from '../test/support/test-database';
import { wholeOption } from './options';
import type { SinkMessage } from './smtp-sink';
import { nationalIdFor, runPool, summarize } from './stats';

const DAY_MS = 1000;
const ESCALATE_AFTER_DAYS = 5;

function options() {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '1000' },
      concurrency: { type: 'string', default: '100' },
      'stall-after-s': { type: 'string', default: '30' },
    },
  });
  const usage = 'usage: npm run bench:escalation -- [--n 1000] [--concurrency 100] [--stall-after-s 30]';
  return {
    n: wholeOption('n', values.n, 1, usage),
    concurrency: wholeOption('concurrency', values.concurrency, 1, usage),
    stallAfterDays: wholeOption('stall-after-s', values['stall-after-s'], 1, usage),
  };
}

/** Starts bench/smtp-sink.ts in a child process; `arrivals` collects when each Message-ID came. */
async function startSmtp(arrivals: Map<string, number[]>) {
  const child = fork(path.join(__dirname, 'smtp-sink.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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
  const { n, concurrency, stallAfterDays } = options();
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
  const config = loadConfig({ SMTP_URL: smtp.url, GOVERNORS_OFFICE_EMAILS: 'governor-office@lahijan.example' });
  const mailer = createSmtpMailer(smtp.url);
  const taskQueue = `escalation-bench-${randomUUID()}`;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    await seedOrganizations(database.prisma);
    await database.prisma.organization.update({ where: { id: agency.organizationId }, data: { contactEmail: 'desk@relief-committee.example' } });
    const { code } = await bundleWorkflows();
    worker = await createWorker(
      { connection: env.nativeConnection, namespace: 'default', taskQueue, workflowBundle: { code } },
      { prisma: database.prisma, notifications: { mailer, config } },
    );
    running = worker.run();

    const base = escalationPolicyOf(config);
    const policy = {
      ...base,
      dayLengthMs: DAY_MS,
      holidays: [],
      deadlineDays: { ...base.deadlineDays, categorization: stallAfterDays },
      escalateAfterDays: ESCALATE_AFTER_DAYS,
      repeatEveryDays: 10_000, // one reminder and one escalation per case within the run
      provinceAfterRepeats: null,
    };
    const workflows = new WorkflowGateway(env.client, taskQueue, 0, policy);
    const ids = Array.from({ length: n }, () => randomUUID());
    const submitStarted = Date.now();
    await runPool(n, concurrency, async (i) => {
      const command = submitCommand({ agencyReference: `BENCH-${i}` });
      command.submission.applicant.nationalId = nationalIdFor(i);
      await workflows.submit(ids[i]!, command);
    });
    const submitSeconds = (Date.now() - submitStarted) / 1000;
    if (submitSeconds > stallAfterDays * (DAY_MS / 1000)) {
      console.warn(`submitting took ${submitSeconds.toFixed(1)} s, longer than --stall-after-s: cases did not stall at once`);
    }

    // Every case owes two mails: wait for them, or give up a minute after the last was due.
    const expected = ids.flatMap((id) => ['reminder', 'governors_office'].map((level) => messageIdFor(`${id}/categorization#1/${level}/0`)));
    const giveUpAt = Date.now() + (stallAfterDays + ESCALATE_AFTER_DAYS) * DAY_MS + 60_000;
    while (expected.some((m) => !arrivals.has(m)) && Date.now() < giveUpAt) await new Promise((r) => setTimeout(r, 250));
    await new Promise((r) => setTimeout(r, 2000)); // let any duplicate show itself

    const rows = await database.prisma.escalation.findMany({ where: { applicationId: { in: ids } } });
    const lateness: Record<string, number[]> = { reminder: [], governors_office: [] };
    const perCase: Record<string, number[]> = { reminder: [], governors_office: [] };
    for (const row of rows) {
      const due = row.deadline.getTime() + (row.level === 'governors_office' ? ESCALATE_AFTER_DAYS * DAY_MS : 0);
      const times = arrivals.get(messageIdFor(row.escalationKey)) ?? [];
      perCase[row.level]?.push(times.length);
      for (const at of times) lateness[row.level]?.push(at - due);
    }
    for (const level of Object.keys(perCase)) {
      const missingRows = n - (perCase[level]?.length ?? 0);
      for (let i = 0; i < missingRows; i++) perCase[level]!.push(0);
    }
    const all = [...lateness.reminder!, ...lateness.governors_office!];
    const mailsPer = (level: string) => {
      const counts = perCase[level]!;
      return { min: Math.min(...counts), max: Math.max(...counts), exactlyOne: counts.filter((c) => c === 1).length };
    };
    const figures = {
      cases: n,
      submitSeconds: Math.round(submitSeconds * 10) / 10,
      mailsReceived: [...arrivals.values()].reduce((sum, t) => sum + t.length, 0),
      latenessAllMs: summarize(all),
      latenessReminderMs: summarize(lateness.reminder!),
      latenessGovernorsOfficeMs: summarize(lateness.governors_office!),
      mailsPerCase: { reminder: mailsPer('reminder'), governors_office: mailsPer('governors_office') },
    };
    console.log(`escalation benchmark: ${n} cases stalled at once (submitted in ${figures.submitSeconds} s)`);
    console.log(`  mail lateness after its due time, all:       p50 ${figures.latenessAllMs.p50Ms} ms, p99 ${figures.latenessAllMs.p99Ms} ms, max ${figures.latenessAllMs.maxMs} ms`);
    console.log(`  reminders:                                   p50 ${figures.latenessReminderMs.p50Ms} ms, p99 ${figures.latenessReminderMs.p99Ms} ms, max ${figures.latenessReminderMs.maxMs} ms`);
    console.log(`  governor's office:                           p50 ${figures.latenessGovernorsOfficeMs.p50Ms} ms, p99 ${figures.latenessGovernorsOfficeMs.p99Ms} ms, max ${figures.latenessGovernorsOfficeMs.maxMs} ms`);
    for (const level of ['reminder', 'governors_office']) {
      const m = figures.mailsPerCase[level as 'reminder'];
      console.log(`  mails per case, ${level}: ${m.exactlyOne}/${n} cases exactly one (min ${m.min}, max ${m.max})`);
    }
    console.log(JSON.stringify(figures));
    const exact = Object.values(figures.mailsPerCase).every((m) => m.exactlyOne === n);
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
