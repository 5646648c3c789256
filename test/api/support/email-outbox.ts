import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { loadConfig } from '../../../config/config';
import { defaultDeadlineDays } from '../../../config/escalation-policy';
import type { EscalationPolicy, WaitKind } from '../../../domain/deadlines';
import type { PrismaClient } from '../../../generated/prisma/client';
import { createMailer, type Mailer } from '../../../mail/mailer';
import { messageIdFor, outgoingEmailIdFor } from '../../../mail/outbox-ids';
import { startRecordingSmtpServer, type RecordingSmtpServer } from '../../../support/recording-smtp-server';
import { type ApiHarness, startApiHarness, testConfig } from './api-harness';

/** One "working day" lasts DAY ms: a case nobody categorizes is reminded about within seconds. */
export const DAY = 1000;
export const AGENCY_CONTACT = 'desk@relief-committee.example';

const far = Object.fromEntries(Object.keys(defaultDeadlineDays).map((kind) => [kind, 100])) as Record<WaitKind, number>;
const policy: EscalationPolicy = {
  weekend: ['friday'],
  holidays: [],
  dayLengthMs: DAY,
  deadlineDays: { ...far, categorization: 1 },
  categoryDeadlineDays: {},
  escalateAfterDays: 100,
  repeatEveryDays: 100,
  provinceAfterRepeats: null,
};

export interface DeliverySetup {
  api: ApiHarness;
  smtp: RecordingSmtpServer;
  /** The API with a mailer, as server/main.ts builds it. */
  app: Express;
  stop(): Promise<void>;
}

/**
 * The API harness whose worker mails reminders through a real SMTP server, and an app that has a
 * mailer of its own on the same server. The relief committee has a contact; the welfare
 * organization has none, so its reminders have nobody to go to.
 */
export async function startDeliverySetup(): Promise<DeliverySetup> {
  const smtp = await startRecordingSmtpServer();
  const config = loadConfig({ SMTP_URL: smtp.url, DATA_DIR: await mkdtemp(path.join(tmpdir(), 'delivery-')) });
  const workerMailer: Mailer = createMailer(config);
  const apiMailer: Mailer = createMailer(config);
  const api = await startApiHarness({ escalation: policy, notifications: { mailer: workerMailer, config } });
  await api.harness.prisma.organization.update({ where: { id: 'org-relief-committee' }, data: { contactEmail: AGENCY_CONTACT } });
  const app = api.appWith({ mailer: apiMailer, config: { ...testConfig, MAIL_FROM: config.MAIL_FROM } });
  return {
    api,
    smtp,
    app,
    async stop() {
      await api.stop();
      await workerMailer.close();
      await apiMailer.close();
      await smtp.close();
    },
  };
}

/**
 * An escalation whose email a worker died sending, written straight into the database: the
 * outbox row `unconfirmed` after one SMTP exchange begun, its recipients as given (a worker that
 * dies mid-send leaves them `pending`). How a death mid-send leaves it so is tested in test/mail/notify-stalled-case.test.ts.
 */
export async function craftUnconfirmedEmail(
  prisma: PrismaClient,
  applicationId: string,
  recipients: Array<{ address: string; status: string }> = [{ address: 'governor-office@lahijan.example', status: 'pending' }],
): Promise<{ emailId: string; messageId: string; escalationKey: string; subject: string }> {
  const escalationKey = `${applicationId}/crafted-${randomUUID()}/governors_office/0`;
  const emailId = outgoingEmailIdFor(escalationKey);
  const messageId = messageIdFor(escalationKey);
  const subject = `Stalled case ${applicationId} <escalated>`;
  const now = new Date();
  await prisma.$transaction([
    prisma.escalation.create({
      data: { applicationId, escalationKey, step: 'categorization', level: 'governors_office', holderOrgId: 'org-relief-committee', waitingSince: now, deadline: now },
    }),
    prisma.outgoingEmail.create({
      data: {
        id: emailId,
        applicationId,
        messageId,
        recipients: recipients.map((r) => r.address).join(','),
        subject,
        textBody: `The case ${applicationId} is stalled.`,
        htmlBody: `<p>The case ${applicationId} is stalled.</p>`,
        status: 'unconfirmed',
        attempts: 1,
      },
    }),
    prisma.emailRecipient.createMany({ data: recipients.map((r) => ({ emailId, address: r.address, status: r.status })) }),
  ]);
  return { emailId, messageId, escalationKey, subject };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 20_000, message = 'the condition did not become true in time'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(100);
  }
}
