import { searchAttributes, workflowIdFor } from '../../domain/contract';
import { agency, bank } from '../../support/fixtures';
import { submitted } from '../support/walk';
import { DAY, GOVERNORS_OFFICE, type LadderSetup, policy, recipientsOf, sleep, startLadderSetup, until } from './support/ladder-setup';

/**
 * The ladder's clock and its limits: notices never hold up the clock, a notice of a wait that
 * has ended is never sent late, the ladder ends, and each wait is dated from its transition.
 * Real dev server, real PostgreSQL, real SMTP server; days of DAY ms.
 */
let setup: LadderSetup;
beforeAll(async () => {
  setup = await startLadderSetup();
});
afterAll(async () => {
  setup.smtp.refuseWith = null;
  await setup?.stop();
});

const escalationsOf = (id: string) => setup.harness.prisma.escalation.findMany({ where: { applicationId: id }, orderBy: { createdAt: 'asc' } });
const categorize = { actor: agency, data: { category: 'micro_workshop' as const, priority: 'normal' as const, bankId: bank.organizationId } };

test('given SMTP refusing every mail, the governor\'s office escalation is still issued on time, not after the reminder gets through', async () => {
  setup.smtp.refuseWith = 'mailbox temporarily unavailable';
  try {
    const workflows = setup.gateway(policy({ categorization: 1 }, { escalateAfterDays: 1, repeatEveryDays: 100 }));
    const id = await submitted(workflows);
    const submittedAt = Date.now();
    await until(async () => (await escalationsOf(id)).some((e) => e.level === 'governors_office'), 6 * DAY);
    // Due two days after submission; the reminder's mail has not been delivered all the while.
    expect(Date.now() - submittedAt).toBeLessThan(3.5 * DAY);
    expect(setup.mailsAbout(id)).toHaveLength(0);
    await workflows.step(id, 'categorize', categorize);
  } finally {
    setup.smtp.refuseWith = null;
  }
});

test('given a notice still retrying when its wait ends, it is never sent, even once SMTP accepts again', async () => {
  setup.smtp.refuseWith = 'mailbox temporarily unavailable';
  const workflows = setup.gateway(policy({ categorization: 1 }));
  const id = await submitted(workflows);
  try {
    // The first attempt was refused; the next waits for its retry when the wait ends.
    await until(async () => (await setup.harness.prisma.outgoingEmail.count({ where: { applicationId: id, status: 'failed' } })) > 0, 5 * DAY);
    await workflows.step(id, 'categorize', categorize);
  } finally {
    setup.smtp.refuseWith = null;
  }
  await sleep(6_000); // longer than the notice's retry interval by now
  expect(setup.mailsAbout(id)).toHaveLength(0);
  const [email] = await setup.harness.prisma.outgoingEmail.findMany({ where: { applicationId: id } });
  expect(email!.status).not.toBe('sent');
});

test('given a wait, its notices date it from the transition that began it', async () => {
  const workflows = setup.gateway(policy({ categorization: 1 }));
  const id = await submitted(workflows);
  await setup.mailsAboutEventually(id, 1);
  const [submit] = await setup.harness.prisma.applicationStep.findMany({ where: { applicationId: id, sequence: 1 } });
  const [reminder] = await escalationsOf(id);
  expect(reminder!.waitingSince.getTime()).toBe(submit!.occurredAt.getTime());
  await workflows.step(id, 'categorize', categorize);
});

test('given a case nobody moves, the ladder ends after the capped repeats with one abandoned notice, and the case is flagged', async () => {
  const workflows = setup.gateway(policy({ categorization: 1 }, { escalateAfterDays: 1, repeatEveryDays: 1, maxRepeats: 1 }));
  const id = await submitted(workflows);
  // reminder, governor's office rounds 0 and 1, then abandoned: four notices, then silence.
  await setup.mailsAboutEventually(id, 4, 30_000);
  await sleep(3.5 * DAY);
  const mails = setup.mailsAbout(id);
  expect(mails).toHaveLength(4);
  expect(recipientsOf(mails[3]!)).toContain(GOVERNORS_OFFICE);
  expect((await escalationsOf(id)).map((e) => e.level)).toEqual(['reminder', 'governors_office', 'governors_office', 'abandoned']);
  const handle = setup.harness.env.client.workflow.getHandle(workflowIdFor(id));
  await until(async () => (await handle.describe()).typedSearchAttributes.get(searchAttributes.escalationLevel) === 4);
  await workflows.step(id, 'categorize', categorize);
}, 60_000);
