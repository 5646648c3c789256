import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { WorkflowGateway } from '../../../api/workflow-gateway';
import { loadConfig } from '../../../config/config';
import { defaultDeadlineDays } from '../../../config/escalation-policy';
import type { EscalationPolicy, WaitKind } from '../../../domain/deadlines';
import { createMailer, type Mailer } from '../../../mail/mailer';
import { agency, bank } from '../../../support/fixtures';
import { type Harness, type HarnessOptions, startHarness } from '../../support/harness';
import { startSmtpServer, type TestSmtpServer } from '../../support/smtp';

/**
 * Deadlines of seconds: one "working day" lasts DAY ms here (the calendar's test mode), so the
 * whole ladder plays out on the real dev server and a real SMTP server in a few seconds.
 */
export const DAY = 1500;
export const AGENCY_CONTACT = 'desk@relief-committee.example';
export const BANK_CONTACT = 'loans@bank-melli.example';
export const GOVERNORS_OFFICE = 'governor-office@lahijan.example';
export const PROVINCE = 'employment@gilan-province.example';

export interface LadderSetup {
  harness: Harness;
  smtp: TestSmtpServer;
  /** A gateway whose workflows start with `escalation`. */
  gateway(escalation: EscalationPolicy, settings?: { continueAsNewAfterEvents?: number }): WorkflowGateway;
  mailsAbout(id: string): ParsedMail[];
  mailsAboutEventually(id: string, count: number, timeoutMs?: number): Promise<ParsedMail[]>;
  stop(): Promise<void>;
}

/** A harness whose worker mails through a real SMTP server, with the organizations' contacts set. */
export async function startLadderSetup(options: HarnessOptions = {}): Promise<LadderSetup> {
  const smtp = await startSmtpServer();
  const config = loadConfig({
    SMTP_URL: smtp.url,
    GOVERNORS_OFFICE_EMAILS: GOVERNORS_OFFICE,
    PROVINCE_OFFICE_EMAILS: PROVINCE,
    DATA_DIR: await mkdtemp(path.join(tmpdir(), 'escalation-')),
  });
  const mailer: Mailer = createMailer(config);
  const harness = await startHarness({ ...options, notifications: { mailer, config } });
  await harness.prisma.organization.update({ where: { id: agency.organizationId }, data: { contactEmail: AGENCY_CONTACT } });
  await harness.prisma.organization.update({ where: { id: bank.organizationId }, data: { contactEmail: BANK_CONTACT } });
  const mailsAbout = (id: string) => smtp.received.filter((mail) => (mail.text ?? '').includes(id));
  return {
    harness,
    smtp,
    gateway: (escalation, settings = {}) => new WorkflowGateway(harness.env.client, harness.taskQueue, 0, escalation, settings),
    mailsAbout,
    async mailsAboutEventually(id, count, timeoutMs = 20_000) {
      await until(async () => mailsAbout(id).length >= count, timeoutMs, `expected ${count} mails about ${id}, got ${mailsAbout(id).length}`);
      return mailsAbout(id);
    },
    async stop() {
      await harness.stop();
      await mailer.close();
      await smtp.close();
    },
  };
}

/** Nothing is due for 100 "days" unless a test says otherwise. */
export function policy(deadlines: Partial<Record<WaitKind, number>>, ladder: Partial<EscalationPolicy> = {}): EscalationPolicy {
  const far = Object.fromEntries(Object.keys(defaultDeadlineDays).map((kind) => [kind, 100])) as Record<WaitKind, number>;
  return {
    weekend: ['friday'],
    holidays: [],
    dayLengthMs: DAY,
    deadlineDays: { ...far, ...deadlines },
    categoryDeadlineDays: {},
    escalateAfterDays: 100,
    repeatEveryDays: 100,
    provinceAfterRepeats: null,
    ...ladder,
  };
}

export const recipientsOf = (mail: ParsedMail): string[] =>
  [mail.to].flat().flatMap((address) => address?.value.map((v) => v.address ?? '') ?? []);
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(check: () => Promise<boolean>, timeoutMs = 10_000, message = 'the condition did not become true in time'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message);
    await sleep(100);
  }
}
