import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { DigestConfig, DigestDependencies } from '../../../activities/weekly-digest';
import type { WeekPeriod } from '../../../domain/figures/week';
import type { PrismaClient } from '../../../generated/prisma/client';
import type { Mailer } from '../../../mail/mailer';
import { DIGEST_SCHEDULE_ID } from '../../../server/digest-schedule';
import type { WeeklyDigestOutcome } from '../../../workflows/weekly-digest';
import { createWorker } from '../../../worker/create-worker';
import { agency, bank } from '../../../support/fixtures';
import { type Harness, type RunningWorker, runningWorker } from '../../support/harness';
import { workflowBundle } from '../../../support/workflow-bundle';
import { testFieldCipher } from '../../../support/test-field-cipher';

export const governorsOffice = ['governor-office@lahijan.example', 'deputy@lahijan.example'];

export const digestConfig: DigestConfig = {
  MAIL_FROM: 'loans@lahijan.example',
  GOVERNORS_OFFICE_EMAILS: governorsOffice,
  PROVINCE_OFFICE_EMAILS: [],
  DIGEST_RECIPIENTS: undefined,
  PUBLIC_BASE_URL: 'https://loans.lahijan.example',
  TEMPORAL_UI_URL: 'http://temporal-ui.lahijan.example:8233',
  TEMPORAL_NAMESPACE: 'default',
  WEEKEND: ['friday'],
  WORKING_DAY_SECONDS: 86_400,
};

/** A worker for the digest's own task queue, with the digest's dependencies; stalled cases from the harness's workflows. */
export async function startDigestWorker(harness: Harness, taskQueue: string, mailer: Mailer, config: DigestConfig = digestConfig): Promise<RunningWorker> {
  const digest: DigestDependencies['stalledCases'] = (now) => harness.workflows.stalledCases({ now });
  const worker = await createWorker(
    { connection: harness.env.nativeConnection, namespace: harness.env.namespace ?? 'default', taskQueue, workflowBundle: { code: (await workflowBundle()).code } },
    { prisma: harness.prisma, fields: testFieldCipher, digest: { mailer, config, stalledCases: digest } },
  );
  return runningWorker(worker);
}

/**
 * Triggers the Schedule now and returns the outcome of the run it started. A scheduled run's
 * workflow id ends in its time to the second, so a trigger waits for the second after the last
 * action's, and runs are told apart by run id.
 */
export async function triggerDigest(client: Client): Promise<WeeklyDigestOutcome> {
  const schedule = client.schedule.getHandle(DIGEST_SCHEDULE_ID);
  const earlier = (await schedule.describe()).info.recentActions;
  const before = new Set(earlier.map((a) => a.action.workflow.firstExecutionRunId));
  const lastTaken = Math.max(0, ...earlier.map((a) => a.takenAt.getTime()));
  const nextSecond = Math.floor(lastTaken / 1000) * 1000 + 1000;
  if (Date.now() < nextSecond) await new Promise((resolve) => setTimeout(resolve, nextSecond - Date.now()));
  await schedule.trigger();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const started = (await schedule.describe()).info.recentActions.find((a) => !before.has(a.action.workflow.firstExecutionRunId));
    if (started) return client.workflow.getHandle(started.action.workflow.workflowId, started.action.workflow.firstExecutionRunId).result();
    if (Date.now() > deadline) throw new Error('the schedule did not start a run');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One application as the workflow's persistence leaves it, with its steps and tranches at the given times. */
async function seedApplication(
  prisma: PrismaClient,
  row: { submittedAt: Date; stage: string; approvedAmount?: string; rejectionReason?: string; steps: Array<[string, Date]>; tranches?: Array<[string, Date]> },
): Promise<string> {
  const id = randomUUID();
  await prisma.applicant.create({
    data: { id, nationalId: String(Math.floor(Math.random() * 1e10)).padStart(10, '0'), fullName: 'Seeded Applicant', phone: '+989111234567', address: 'Lahijan', district: 'lahijan_city' },
  });
  await prisma.application.create({
    data: {
      id,
      workflowId: `loan-application-${id}`,
      agencyId: agency.organizationId,
      agencyReference: `WEEK-${id.slice(0, 8)}`,
      applicantId: id,
      requestedAmount: '150000000000',
      purpose: 'seeded for the digest',
      jobsCommitted: 3,
      district: 'lahijan_city',
      category: 'micro_workshop',
      stage: row.stage,
      bankId: bank.organizationId,
      approvedAmount: row.approvedAmount ?? null,
      rejectionReason: row.rejectionReason ?? null,
      lastSequence: row.steps.length + 1,
      submittedAt: row.submittedAt,
      updatedAt: row.submittedAt,
    },
  });
  await prisma.applicationStep.createMany({
    data: [['submit', row.submittedAt] as [string, Date], ...row.steps].map(([step, occurredAt], index) => ({
      applicationId: id,
      sequence: index + 1,
      step,
      stageAfter: row.stage,
      data: {},
      occurredAt,
    })),
  });
  await prisma.disbursement.createMany({
    data: (row.tranches ?? []).map(([amount, paidAt], index) => ({ applicationId: id, trancheNumber: index + 1, amount, paymentReference: `PAY-${index}`, paidAt })),
  });
  return id;
}

/**
 * The week's activity written straight into the database: three applications submitted, two
 * approved (200,000,000,000 rials), one tranche paid (60,000,000,000), one rejected for
 * insufficient guarantee, one escalation; and the same again a moment before and at the end
 * of the week, which the digest must leave out.
 */
export async function seedWeek(prisma: PrismaClient, week: WeekPeriod): Promise<void> {
  const at = (hours: number) => new Date(week.from.getTime() + hours * 3_600_000);
  const approved = await seedApplication(prisma, {
    submittedAt: at(10), stage: 'disbursement', approvedAmount: '120000000000', steps: [['approve', at(30)]], tranches: [['60000000000', at(50)]],
  });
  await seedApplication(prisma, { submittedAt: at(11), stage: 'disbursement', approvedAmount: '80000000000', steps: [['approve', at(31)]] });
  await seedApplication(prisma, { submittedAt: at(12), stage: 'rejected', rejectionReason: 'insufficient_guarantee', steps: [['reject', at(32)]] });
  for (const outside of [new Date(week.from.getTime() - 1), week.to]) {
    await seedApplication(prisma, { submittedAt: outside, stage: 'rejected', rejectionReason: 'other', steps: [['reject', outside]], tranches: [['7', outside]] });
  }
  for (const [key, createdAt] of [['in-week', at(40)], ['after-week', week.to]] as const) {
    await prisma.escalation.create({
      data: { applicationId: approved, escalationKey: `${approved}/${key}`, step: 'disbursement', level: 'governors_office', holderOrgId: bank.organizationId, waitingSince: at(1), deadline: at(2), createdAt },
    });
  }
}
