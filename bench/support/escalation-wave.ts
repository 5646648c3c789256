/**
 * One wave of the escalation bench: N cases submitted, each stalling at categorization after
 * its own number of (one-second) working days, all at once or spread over a span; then how late
 * each reminder and escalation reached the SMTP sink after it was due, how many arrived per
 * case, and the pipeline's throughput while it had mail to send.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { messageIdFor } from '../../activities/notify-stalled-case';
import { WorkflowGateway } from '../../api/workflow-gateway';
import type { EscalationPolicy } from '../../domain/deadlines';
import type { PrismaClient } from '../../generated/prisma/client';
import { submitCommand } from '../../support/fixtures';
import { percentile, runPool } from './stats';
import { nationalIdFor } from '../../support/national-ids';

export const DAY_MS = 1000;
export const ESCALATE_AFTER_DAYS = 5;
const LEVELS = ['reminder', 'governors_office'] as const;

export interface WaveSetup {
  client: Client;
  taskQueue: string;
  prisma: PrismaClient;
  policy: EscalationPolicy;
  /** When each Message-ID reached the SMTP sink (filled in by the sink as mails arrive). */
  arrivals: Map<string, number[]>;
  concurrency: number;
}

export interface Lateness {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface WaveFigures {
  cases: number;
  spreadSeconds: number;
  submitSeconds: number;
  mailsReceived: number;
  latenessAllMs: Lateness;
  latenessReminderMs: Lateness;
  latenessGovernorsOfficeMs: Lateness;
  mailsPerCase: Record<(typeof LEVELS)[number], { min: number; max: number; exactlyOne: number }>;
  /** Mails per second of the time during which some mail was due and not yet received. */
  pipelineEmailsPerSecond: number;
}

/** A notice the wave owed: its key, when it was due and when (if ever) it first arrived. */
export interface OwedNotice {
  applicationId: string;
  key: string;
  dueAt: number;
  arrivedAt: number | undefined;
}

export async function runWave(setup: WaveSetup, { n, stallAfterDays, spreadDays }: { n: number; stallAfterDays: number; spreadDays: number }) {
  const { arrivals } = setup;
  const ids = Array.from({ length: n }, () => randomUUID());
  const offsetOf = (i: number) => (spreadDays > 0 ? Math.floor((i * spreadDays) / n) : 0);
  const gateways = new Map<number, WorkflowGateway>();
  const gatewayFor = (offset: number) => {
    const days = stallAfterDays + offset;
    if (!gateways.has(days)) {
      const policy = { ...setup.policy, deadlineDays: { ...setup.policy.deadlineDays, categorization: days } };
      gateways.set(days, new WorkflowGateway(setup.client, setup.taskQueue, 0, policy));
    }
    return gateways.get(days)!;
  };

  const submitStarted = Date.now();
  await runPool(n, setup.concurrency, async (i) => {
    const command = submitCommand({ agencyReference: `BENCH-${ids[i]!.slice(0, 8)}` });
    command.submission.applicant.nationalId = nationalIdFor(i);
    await gatewayFor(offsetOf(i)).submit(ids[i]!, command);
  });
  const submitSeconds = (Date.now() - submitStarted) / 1000;
  if (submitSeconds > stallAfterDays * (DAY_MS / 1000)) {
    console.warn(`submitting took ${submitSeconds.toFixed(1)} s, longer than --stall-after-s: the first cases fell due before the last were submitted`);
  }

  // Every case owes two mails: wait for them, or give up once the last was due and none of them
  // has arrived for a minute (a backlog still draining is waited for).
  const expected = ids.flatMap((id) => LEVELS.map((level) => messageIdFor(`${id}/categorization#1/${level}/0`)));
  const lastDue = Date.now() + (stallAfterDays + spreadDays + ESCALATE_AFTER_DAYS) * DAY_MS;
  let [missing, progressAt] = [expected.length, Date.now()];
  while (missing > 0 && (Date.now() < lastDue || Date.now() - progressAt < 60_000)) {
    await new Promise((r) => setTimeout(r, 250));
    const nowMissing = expected.filter((m) => !arrivals.has(m)).length;
    if (nowMissing < missing) [missing, progressAt] = [nowMissing, Date.now()];
  }
  await new Promise((r) => setTimeout(r, 2000)); // let any duplicate show itself

  const rows = await setup.prisma.escalation.findMany({ where: { applicationId: { in: ids } } });
  const owed: OwedNotice[] = rows.map((row) => ({
    applicationId: row.applicationId,
    key: row.escalationKey,
    dueAt: row.deadline.getTime() + (row.level === 'governors_office' ? ESCALATE_AFTER_DAYS * DAY_MS : 0),
    arrivedAt: arrivals.get(messageIdFor(row.escalationKey))?.[0],
  }));
  const lateness: Record<string, number[]> = { reminder: [], governors_office: [] };
  const perCase: Record<string, number[]> = { reminder: [], governors_office: [] };
  for (const row of rows) {
    const due = row.deadline.getTime() + (row.level === 'governors_office' ? ESCALATE_AFTER_DAYS * DAY_MS : 0);
    const times = arrivals.get(messageIdFor(row.escalationKey)) ?? [];
    perCase[row.level]?.push(times.length);
    for (const at of times) lateness[row.level]?.push(at - due);
  }
  for (const level of LEVELS) while (perCase[level]!.length < n) perCase[level]!.push(0);
  const mailsPer = (level: string) => {
    const counts = perCase[level]!;
    return { min: Math.min(...counts), max: Math.max(...counts), exactlyOne: counts.filter((c) => c === 1).length };
  };
  const received = owed.filter((o) => o.arrivedAt !== undefined);
  const figures: WaveFigures = {
    cases: n,
    spreadSeconds: (spreadDays * DAY_MS) / 1000,
    submitSeconds: Math.round(submitSeconds * 10) / 10,
    mailsReceived: rows.reduce((sum, row) => sum + (arrivals.get(messageIdFor(row.escalationKey))?.length ?? 0), 0),
    latenessAllMs: latenessOf([...lateness.reminder!, ...lateness.governors_office!]),
    latenessReminderMs: latenessOf(lateness.reminder!),
    latenessGovernorsOfficeMs: latenessOf(lateness.governors_office!),
    mailsPerCase: { reminder: mailsPer('reminder'), governors_office: mailsPer('governors_office') },
    pipelineEmailsPerSecond: Math.round(received.length / (busySeconds(received) || Number.NaN)),
  };
  return { figures, owed, ids };
}

function latenessOf(values: number[]): Lateness {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => Math.round(percentile(sorted, p));
  return { count: sorted.length, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), maxMs: Math.round(sorted[sorted.length - 1] ?? Number.NaN) };
}

/** The length of the union of [due, arrived] over the notices: the time the pipeline had work. */
function busySeconds(notices: OwedNotice[]): number {
  const spans = notices.map((o) => [o.dueAt, Math.max(o.dueAt, o.arrivedAt!)] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = spans[0] ?? [0, 0];
  for (const [from, to] of spans.slice(1)) {
    if (from > end) {
      total += end - start;
      [start, end] = [from, to];
    } else end = Math.max(end, to);
  }
  return (total + end - start) / 1000;
}

export const printWave = (title: string, f: WaveFigures) => {
  const line = (name: string, l: Lateness) => console.log(`  ${name.padEnd(20)} p50 ${l.p50Ms} ms, p95 ${l.p95Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms`);
  console.log(`${title}: ${f.cases} cases (submitted in ${f.submitSeconds} s), ${f.mailsReceived} mails, ${f.pipelineEmailsPerSecond} mails/s while busy`);
  line('lateness, all:', f.latenessAllMs);
  line('reminders:', f.latenessReminderMs);
  line("governor's office:", f.latenessGovernorsOfficeMs);
  for (const level of LEVELS) {
    const m = f.mailsPerCase[level];
    console.log(`  mails per case, ${level}: ${m.exactlyOne}/${f.cases} cases exactly one (min ${m.min}, max ${m.max})`);
  }
};
