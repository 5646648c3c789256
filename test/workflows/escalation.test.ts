import { searchAttributes, workflowIdFor } from '../../domain/contract';
import { agency, bank } from '../../support/fixtures';
import { referredToBank, submitted } from '../support/walk';
import {
  AGENCY_CONTACT,
  BANK_CONTACT,
  DAY,
  GOVERNORS_OFFICE,
  type LadderSetup,
  PROVINCE,
  policy,
  recipientsOf,
  sleep,
  startLadderSetup,
  until,
} from './support/ladder-setup';

/** The escalation ladder on the real dev server and a real SMTP server, with days of DAY ms. */
let setup: LadderSetup;
beforeAll(async () => {
  setup = await startLadderSetup();
});
afterAll(async () => {
  await setup?.stop();
});

const gateway: LadderSetup['gateway'] = (escalation) => setup.gateway(escalation);
const mailsAbout = (id: string) => setup.mailsAbout(id);
const mailsAboutEventually = (id: string, count: number, timeoutMs?: number) => setup.mailsAboutEventually(id, count, timeoutMs);

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
    (await setup.harness.env.client.workflow.getHandle(workflowIdFor(id)).describe()).typedSearchAttributes.get(searchAttributes.escalationLevel);
  // The level is upserted once the notices' activities complete, just after the mails land.
  await until(async () => (await escalationLevel()) === 3);

  await workflows.step(id, 'categorize', { actor: agency, data: { category: 'home_business', priority: 'normal', bankId: bank.organizationId } });
  await sleep(DAY); // a notice already in flight when the step was taken may still land
  const afterStep = mailsAbout(id).length;
  await sleep(2.5 * DAY);
  expect(mailsAbout(id)).toHaveLength(afterStep);
  await until(async () => (await escalationLevel()) === 0);

  const rows = await setup.harness.prisma.escalation.findMany({ where: { applicationId: id } });
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
  expect(await setup.harness.prisma.escalation.count({ where: { applicationId: id } })).toBe(0);
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
  const [row] = await setup.harness.prisma.escalation.findMany({ where: { applicationId: id } });
  expect(row).toMatchObject({ step: 'bank_review.documents', level: 'reminder', holderOrgId: bank.organizationId });
});

test('given an SMTP server that refuses mail for a while, the reminder arrives once it accepts, exactly once', async () => {
  const workflows = gateway(policy({ categorization: 1 }));
  setup.smtp.refuseWith = 'mailbox temporarily unavailable';
  const id = await submitted(workflows);
  await sleep(2.5 * DAY);
  expect(mailsAbout(id)).toHaveLength(0);
  const [email] = await setup.harness.prisma.outgoingEmail.findMany({ where: { applicationId: id } });
  expect(email).toMatchObject({ status: 'failed' });
  expect(email!.attempts).toBeGreaterThanOrEqual(1);

  setup.smtp.refuseWith = null;
  await mailsAboutEventually(id, 1, 30_000);
  await sleep(1.5 * DAY);
  expect(mailsAbout(id)).toHaveLength(1);
  expect(await setup.harness.prisma.outgoingEmail.findUniqueOrThrow({ where: { id: email!.id } })).toMatchObject({ status: 'sent' });
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
    for await (const execution of setup.harness.env.client.workflow.list({ query })) found.push(execution.workflowId);
    if (found.length === 0) await sleep(200);
  }
  expect(found).toEqual([workflowIdFor(id)]);
});
