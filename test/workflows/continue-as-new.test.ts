import { workflowIdFor } from '../../domain/contract';
import { agency, bank } from '../../support/fixtures';
import { eventually, referredToBank } from '../support/walk';
import { BANK_CONTACT, DAY, type LadderSetup, policy, recipientsOf, sleep, startLadderSetup } from './support/ladder-setup';

/**
 * A long history continues as new, carrying the state and a stopped bank clock: the case goes
 * on as if nothing happened, and no notice is sent twice. Real dev server, PostgreSQL and SMTP.
 */
let setup: LadderSetup;
beforeAll(async () => {
  setup = await startLadderSetup({ followUpAfterMs: 200 });
});
afterAll(async () => {
  await setup?.stop();
});

test('given a history past the threshold, the workflow continues as new with its state and stopped clock, and the case runs to the end', async () => {
  const workflows = setup.gateway(policy({ 'bank_review.documents': 3 }), { continueAsNewAfterEvents: 25 });
  const id = await referredToBank(workflows);
  await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
  await sleep(1.5 * DAY);
  await workflows.step(id, 'requestInformation', { actor: bank, data: { questions: ['Is the workshop leased?'] } });
  await sleep(1.5 * DAY);
  const answeredAt = Date.now();
  await workflows.step(id, 'answerInformationRequest', { actor: agency, data: { answer: 'Yes.' } });

  // The bank's clock resumes with the 1.5 days it had left, across the new run.
  const [reminder] = await setup.mailsAboutEventually(id, 1);
  expect(Date.now() - answeredAt).toBeGreaterThanOrEqual(1.2 * DAY);
  expect(recipientsOf(reminder!)).toContain(BANK_CONTACT);

  await workflows.step(id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } });
  await workflows.step(id, 'assessCredit', { actor: bank, data: { creditScore: 700 } });
  await workflows.step(id, 'approve', { actor: bank, data: { amount: '1000', terms: '4%' } });
  await workflows.step(id, 'signContract', { actor: bank, data: { contractNumber: 'C-1' } });
  await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '1000', paymentReference: 'P-1' } });
  await eventually(workflows, id, (s) => s.stage === 'employment_follow_up');
  const closed = await workflows.step(id, 'confirmJobs', { actor: agency, data: { jobsConfirmed: 3 } });
  expect(closed.stage).toBe('closed');

  const handle = setup.harness.env.client.workflow.getHandle(workflowIdFor(id));
  expect(await handle.result()).toMatchObject({ stage: 'closed', sequence: 12 });
  const runs: string[] = [];
  for await (const run of setup.harness.env.client.workflow.list({ query: `WorkflowId = '${workflowIdFor(id)}'` })) runs.push(run.status.name);
  expect(runs.filter((status) => status === 'CONTINUED_AS_NEW').length).toBeGreaterThanOrEqual(1);

  const steps = await setup.harness.prisma.applicationStep.findMany({ where: { applicationId: id }, orderBy: { sequence: 'asc' } });
  expect(steps.map((s) => s.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  expect(await setup.harness.prisma.projectionRepair.count({ where: { applicationId: id } })).toBe(0);
  expect(setup.mailsAbout(id)).toHaveLength(1);
}, 90_000);
