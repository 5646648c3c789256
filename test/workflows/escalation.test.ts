import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ParsedMail } from 'mailparser';
import { WorkflowGateway } from '../../api/workflow-gateway';
import { loadConfig } from '../../config/config';
import { defaultDeadlineDays } from '../../config/escalation-policy';
import { searchAttributes, workflowIdFor } from '../../domain/contract';
import type { EscalationPolicy, WaitKind } from '../../domain/deadlines';
import { createMailer, type Mailer } from '../../mail/mailer';
import { agency, bank } from '../support/fixtures';
import { type Harness, startHarness } from '../support/harness';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp';
import { referredToBank, submitted } from '../support/walk';

/**
 * Deadlines of seconds: one "working day" lasts DAY ms here (the calendar's test mode), so the
 * whole ladder plays out on the real dev server and a real SMTP server in a few seconds.
 */
const DAY = 1500;
const AGENCY_CONTACT = 'desk@relief-committee.example';
const BANK_CONTACT = 'loans@bank-melli.example';
const GOVERNORS_OFFICE = 'governor-office@lahijan.example';
const PROVINCE = 'employment@gilan-province.example';

let smtp: TestSmtpServer;
let mailer: Mailer;
let harness: Harness;

beforeAll(async () => {
  smtp = await startSmtpServer();
  const config = loadConfig({
    SMTP_URL: smtp.url,
    GOVERNORS_OFFICE_EMAILS: GOVERNORS_OFFICE,
    PROVINCE_OFFICE_EMAILS: PROVINCE,
    DATA_DIR: await mkdtemp(path.join(tmpdir(), 'escalation-')),
  });
  mailer = createMailer(config);
  harness = await startHarness({ notifications: { mailer, config } });
  await harness.prisma.organization.update({ where: { id: agency.organizationId }, data: { contactEmail: AGENCY_CONTACT } });
  await harness.prisma.organization.update({ where: { id: bank.organizationId }, data: { contactEmail: BANK_CONTACT } });
});
afterAll(async () => {
  await harness?.stop();
  await mailer?.close();
  await smtp?.close();
});

/** Nothing is due for 100 "days" unless a test says otherwise. */
function policy(deadlines: Partial<Record<WaitKind, number>>, ladder: Partial<EscalationPolicy> = {}): EscalationPolicy {
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

const gateway = (escalation: EscalationPolicy) => new WorkflowGateway(harness.env.client, harness.taskQueue, 0, escalation);
const mailsAbout = (id: string): ParsedMail[] => smtp.received.filter((mail) => (mail.text ?? '').includes(id));
const recipientsOf = (mail: ParsedMail): string[] =>
  [mail.to].flat().flatMap((address) => address?.value.map((v) => v.address ?? '') ?? []);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not become true in time');
    await sleep(100);
  }
}

async function mailsAboutEventually(id: string, count: number, timeoutMs = 20_000): Promise<ParsedMail[]> {
  const deadline = Date.now() + timeoutMs;
  while (mailsAbout(id).length < count) {
    if (Date.now() > deadline) throw new Error(`expected ${count} mails about ${id}, got ${mailsAbout(id).length}`);
    await sleep(50);
  }
  return mailsAbout(id);
}

test('given a case nobody categorizes, the agency is reminded, then the governor\'s office is emailed, repeatedly, then the province too', async () => {
  const workflows = gateway(policy({ categorization: 1 }, { escalateAfterDays: 1, repeatEveryDays: 1, provinceAfterRepeats: 1 }));
  const id = await submitted(workflows);

  // reminder (1 day), governor round 0 (2), governor round 1 + province round 0 (3)
  const mails = await mailsAboutEventually(id, 4);
  expect(recipientsOf(mails[0]!)).toContain(AGENCY_CONTACT);
  expect(mails.filter((m) => recipientsOf(m).includes(GOVERNORS_OFFICE)).length).toBeGreaterThanOrEqual(2);
  expect(mails.some((m) => recipientsOf(m).includes(PROVINCE))).toBe(true);
  expect(new Set(mails.map((m) => m.messageId)).size).toBe(mails.length);

  const escalationLevel = async () =>
    (await harness.env.client.workflow.getHandle(workflowIdFor(id)).describe()).typedSearchAttributes.get(searchAttributes.escalationLevel);
  // The level is upserted once the notices' activities complete, just after the mails land.
  await until(async () => (await escalationLevel()) === 3);

  await workflows.step(id, 'categorize', { actor: agency, data: { category: 'home_business', priority: 'normal', bankId: bank.organizationId } });
  await sleep(DAY); // a notice already in flight when the step was taken may still land
  const afterStep = mailsAbout(id).length;
  await sleep(2.5 * DAY);
  expect(mailsAbout(id)).toHaveLength(afterStep);
  await until(async () => (await escalationLevel()) === 0);

  const rows = await harness.prisma.escalation.findMany({ where: { applicationId: id } });
  expect(rows.length).toBe(afterStep);
  expect(new Set(rows.map((r) => r.level))).toEqual(new Set(['reminder', 'governors_office', 'province']));
  expect(rows.every((r) => r.step === 'categorization' && r.holderOrgId === agency.organizationId)).toBe(true);
});

test('given a step completed before its deadline, nothing is sent', async () => {
  const workflows = gateway(policy({ categorization: 2 }, { escalateAfterDays: 1, repeatEveryDays: 1 }));
  const id = await submitted(workflows);
  await sleep(0.5 * DAY);
  await workflows.step(id, 'categorize', { actor: agency, data: { category: 'micro_workshop', priority: 'normal', bankId: bank.organizationId } });
  await sleep(3 * DAY);
  expect(mailsAbout(id)).toHaveLength(0);
  expect(await harness.prisma.escalation.count({ where: { applicationId: id } })).toBe(0);
});

test('given a bank that asks the agency for information, the bank\'s clock stops until the agency answers', async () => {
  const workflows = gateway(policy({ 'bank_review.documents': 3 }));
  const id = await referredToBank(workflows);
  await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
  await sleep(1.5 * DAY);
  await workflows.step(id, 'requestInformation', { actor: bank, data: { questions: ['Is the workshop leased?'] } });
  await sleep(3 * DAY); // well past the bank's original deadline
  expect(mailsAbout(id)).toHaveLength(0);

  const answeredAt = Date.now();
  await workflows.step(id, 'answerInformationRequest', { actor: agency, data: { answer: 'Yes, lease attached.' } });
  const [reminder] = await mailsAboutEventually(id, 1);
  const delay = Date.now() - answeredAt;
  // 1.5 of the bank's 3 days remained when it asked.
  expect(delay).toBeGreaterThanOrEqual(1.2 * DAY);
  expect(delay).toBeLessThan(3 * DAY);
  expect(recipientsOf(reminder!)).toContain(BANK_CONTACT);
  const [row] = await harness.prisma.escalation.findMany({ where: { applicationId: id } });
  expect(row).toMatchObject({ step: 'bank_review.documents', level: 'reminder', holderOrgId: bank.organizationId });
});

test('given an SMTP server that refuses mail for a while, the reminder arrives once it accepts, exactly once', async () => {
  const workflows = gateway(policy({ categorization: 1 }));
  smtp.refuseWith = 'mailbox temporarily unavailable';
  const id = await submitted(workflows);
  await sleep(2.5 * DAY);
  expect(mailsAbout(id)).toHaveLength(0);
  const [email] = await harness.prisma.outgoingEmail.findMany({ where: { applicationId: id } });
  expect(email).toMatchObject({ status: 'failed' });
  expect(email!.attempts).toBeGreaterThanOrEqual(1);

  smtp.refuseWith = null;
  await mailsAboutEventually(id, 1, 30_000);
  await sleep(1.5 * DAY);
  expect(mailsAbout(id)).toHaveLength(1);
  expect(await harness.prisma.outgoingEmail.findUniqueOrThrow({ where: { id: email!.id } })).toMatchObject({ status: 'sent' });
});

test('given escalated cases, officials find them through Temporal visibility by holder and level', async () => {
  const workflows = gateway(policy({ categorization: 1 }, { escalateAfterDays: 1 }));
  const id = await submitted(workflows);
  await mailsAboutEventually(id, 2);
  const query = `${searchAttributes.escalationLevel.name} >= 2 AND ${searchAttributes.holdingOrganization.name} = '${agency.organizationId}' AND WorkflowId = '${workflowIdFor(id)}'`;
  const deadline = Date.now() + 15_000;
  let found: string[] = [];
  while (found.length === 0 && Date.now() < deadline) {
    found = [];
    for await (const execution of harness.env.client.workflow.list({ query })) found.push(execution.workflowId);
    if (found.length === 0) await sleep(200);
  }
  expect(found).toEqual([workflowIdFor(id)]);
});
