import { WorkflowUpdateFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { workflowIdFor } from '../../domain/contract';
import { agency, bank, otherAgency, otherBank, submitCommand } from '../../support/fixtures';
import { type Harness, startHarness } from '../support/harness';
import { approved, atDecision, eventually, referredToBank, submitted } from '../support/walk';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness({ followUpAfterMs: 500 });
});
afterAll(async () => {
  await harness?.stop();
});

const refusalType = async (promise: Promise<unknown>): Promise<string | undefined> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) return (error.cause as { type?: string }).type;
    throw error;
  }
  throw new Error('the step was accepted');
};

test('given a submission, the whole path to the employment follow-up is persisted step by step', async () => {
  const { workflows, prisma } = harness;
  const id = await approved(workflows, '300000000000');
  await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '100000000000', paymentReference: 'PAY-1' } });
  let state = await workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '200000000000', paymentReference: 'PAY-2' } });
  expect(state.stage).toBe('awaiting_follow_up');

  state = await eventually(workflows, id, (s) => s.stage === 'employment_follow_up');
  state = await workflows.step(id, 'confirmJobs', { actor: agency, data: { jobsConfirmed: 3 }, comment: 'one position unfilled' });
  expect(state.stage).toBe('closed');
  expect(await harness.env.client.workflow.getHandle(workflowIdFor(id)).result()).toMatchObject({ stage: 'closed', jobsConfirmed: 3 });

  const row = await prisma.application.findUniqueOrThrow({ where: { id }, include: { steps: { orderBy: { sequence: 'asc' } }, disbursements: true } });
  expect(row.stage).toBe('closed');
  expect(row.jobsConfirmed).toBe(3);
  expect(row.approvedAmount?.toFixed(0)).toBe('300000000000');
  expect(row.disbursedAmount.toFixed(0)).toBe('300000000000');
  expect(row.disbursements.map((d) => [d.trancheNumber, d.amount.toFixed(0), d.paymentReference])).toEqual([
    [1, '100000000000', 'PAY-1'],
    [2, '200000000000', 'PAY-2'],
  ]);
  expect(row.steps.map((s) => s.step)).toEqual([
    'submit', 'categorize', 'acknowledgeReceipt', 'checkDocuments', 'assessCredit', 'approve',
    'signContract', 'disburseTranche', 'disburseTranche', 'openFollowUp', 'confirmJobs',
  ]);
  expect(row.steps.map((s) => s.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  const last = row.steps[row.steps.length - 1]!;
  expect(last).toMatchObject({ actorUserId: agency.userId, actorOrgId: agency.organizationId, comment: 'one position unfilled' });
});

test('given a case at decision, the bank rejects it with a reason and the workflow ends', async () => {
  const { workflows, prisma } = harness;
  const id = await atDecision(workflows);
  const state = await workflows.step(id, 'reject', { actor: bank, data: { reason: 'insufficient_guarantee' } });
  expect(state).toMatchObject({ stage: 'rejected', rejectionReason: 'insufficient_guarantee' });
  await harness.env.client.workflow.getHandle(workflowIdFor(id)).result();
  expect(await prisma.application.findUniqueOrThrow({ where: { id } })).toMatchObject({ stage: 'rejected', rejectionReason: 'insufficient_guarantee' });
});

test('given a bank that asks for information, the case goes to the agency and back to the same review step', async () => {
  const { workflows } = harness;
  const id = await referredToBank(workflows);
  await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
  let state = await workflows.step(id, 'requestInformation', { actor: bank, data: { questions: ['Workshop lease?'] } });
  expect(state).toMatchObject({ stage: 'information_requested', reviewStep: 'documents', openQuestions: ['Workshop lease?'] });
  expect(await refusalType(workflows.step(id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } }))).toBe('STEP_OUT_OF_ORDER');

  state = await workflows.step(id, 'answerInformationRequest', { actor: agency, data: { answer: 'Lease attached.' } });
  expect(state).toMatchObject({ stage: 'bank_review', reviewStep: 'documents', openQuestions: [] });
  state = await workflows.step(id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } });
  expect(state.reviewStep).toBe('credit_assessment');
});

test('given missing documents, the agency returns the case and resubmits it for categorization', async () => {
  const { workflows, prisma } = harness;
  const id = await submitted(workflows);
  let state = await workflows.step(id, 'returnForDocuments', { actor: agency, data: { missingDocuments: ['business licence'] } });
  expect(state).toMatchObject({ stage: 'returned_for_documents', missingDocuments: ['business licence'] });
  expect((await prisma.application.findUniqueOrThrow({ where: { id } })).stage).toBe('returned_for_documents');
  state = await workflows.step(id, 'resubmitDocuments', { actor: agency, data: {} });
  expect(state).toMatchObject({ stage: 'categorization', missingDocuments: [] });
});

test('given an agency that withdraws before payment, the case ends; after a tranche, withdrawal is refused', async () => {
  const { workflows } = harness;
  const early = await referredToBank(workflows);
  expect((await workflows.step(early, 'withdraw', { actor: agency, data: { reason: 'applicant emigrated' } })).stage).toBe('withdrawn');

  const paid = await approved(workflows);
  await workflows.step(paid, 'disburseTranche', { actor: bank, data: { amount: '1000', paymentReference: 'PAY-W' } });
  expect(await refusalType(workflows.step(paid, 'withdraw', { actor: agency, data: { reason: 'too late' } }))).toBe('STEP_OUT_OF_ORDER');
});

test('given a step out of order or by the wrong party, it is refused and nothing changes', async () => {
  const { workflows, prisma } = harness;
  const id = await referredToBank(workflows);
  const before = await prisma.application.findUniqueOrThrow({ where: { id }, include: { steps: true } });

  expect(await refusalType(workflows.step(id, 'approve', { actor: bank, data: { amount: '1000', terms: 't' } }))).toBe('STEP_OUT_OF_ORDER');
  expect(await refusalType(workflows.step(id, 'acknowledgeReceipt', { actor: otherBank, data: {} }))).toBe('WRONG_PARTY');
  expect(await refusalType(workflows.step(id, 'withdraw', { actor: otherAgency, data: { reason: 'x' } }))).toBe('WRONG_PARTY');
  expect(await refusalType(workflows.step(id, 'categorize', { actor: agency, data: { category: 'micro_workshop', priority: 'normal', bankId: bank.organizationId } }))).toBe('STEP_OUT_OF_ORDER');
  await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
  expect(await refusalType(workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} }))).toBe('STEP_OUT_OF_ORDER');

  const after = await prisma.application.findUniqueOrThrow({ where: { id }, include: { steps: true } });
  expect(after.steps).toHaveLength(before.steps.length + 1);
  expect((await workflows.state(id))?.sequence).toBe(before.lastSequence + 1);
});

test('given a tranche larger than what remains, it is refused as invalid data', async () => {
  const { workflows } = harness;
  const id = await approved(workflows, '5000');
  expect(await refusalType(workflows.step(id, 'disburseTranche', { actor: bank, data: { amount: '5001', paymentReference: 'P' } }))).toBe('INVALID_STEP_DATA');
});

test('given the same submission twice, one workflow and one application exist', async () => {
  const { workflows, prisma, env } = harness;
  const id = randomUUID();
  const command = submitCommand();
  const [first, second] = await Promise.all([workflows.submit(id, command), workflows.submit(id, command)]);
  const third = await workflows.submit(id, command);
  expect(first.sequence).toBe(1);
  expect(second).toEqual(first);
  expect(third).toEqual(first);
  expect(await prisma.application.count({ where: { id } })).toBe(1);
  expect(await prisma.applicationStep.count({ where: { applicationId: id } })).toBe(1);
  const runs = [];
  for await (const run of env.client.workflow.list({ query: `WorkflowId = '${workflowIdFor(id)}'` })) runs.push(run);
  expect(runs).toHaveLength(1);
});

test('given a worker stopped mid-review, a new worker finishes the case', async () => {
  const { workflows, prisma } = harness;
  const id = await referredToBank(workflows);
  await workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
  await harness.worker.stop();

  const pending = workflows.step(id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const replacement = await harness.startWorker();
  harness.worker = replacement;
  expect((await pending).reviewStep).toBe('credit_assessment');
  await workflows.step(id, 'assessCredit', { actor: bank, data: {} });
  await workflows.step(id, 'reject', { actor: bank, data: { reason: 'poor_credit_history' } });
  const row = await prisma.application.findUniqueOrThrow({ where: { id }, include: { steps: true } });
  expect(row.stage).toBe('rejected');
  expect(row.steps.map((s) => s.step)).toEqual(['submit', 'categorize', 'acknowledgeReceipt', 'checkDocuments', 'assessCredit', 'reject']);
});
