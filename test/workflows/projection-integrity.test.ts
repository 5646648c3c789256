import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ErrorCode } from '../../domain/errors';
import { agency, bank, otherAgency, submitCommand } from '../../support/fixtures';
import { type Harness, startHarness } from '../support/harness';
import { referredToBank, submitted } from '../support/walk';
import { openApplicant } from '../../security/sealed-records';
import { testFieldCipher } from '../../support/test-field-cipher';

/**
 * The database is a projection of each workflow: it never keeps a step the workflow did not
 * take, and data it refuses never wedges a workflow. Real dev server, real PostgreSQL.
 */
let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.stop();
});

const stepsOf = (id: string) => harness.prisma.applicationStep.findMany({ where: { applicationId: id }, orderBy: { sequence: 'asc' } });

async function refusalOf(call: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

test('given a phantom row at the next sequence, when the real step is taken, the projection is replaced from the workflow and the repair is logged', async () => {
  const id = await referredToBank(harness.workflows);
  // What a lost workflow task leaves behind: a different step at sequence 3, the row moved on.
  await harness.prisma.applicationStep.create({
    data: { applicationId: id, sequence: 3, step: 'withdraw', stageAfter: 'withdrawn', data: { reason: 'phantom' }, occurredAt: new Date(), transitionHash: 'phantom' },
  });
  await harness.prisma.application.update({ where: { id }, data: { stage: 'withdrawn', lastSequence: 3 } });

  const state = await harness.workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });

  const steps = await stepsOf(id);
  expect(steps.map((s) => [s.sequence, s.step])).toEqual([[1, 'submit'], [2, 'categorize'], [3, 'acknowledgeReceipt']]);
  expect(steps[2]!.occurredAt.toISOString()).toBe(state.lastTransitionAt);
  const row = await harness.prisma.application.findUniqueOrThrow({ where: { id } });
  expect([row.stage, row.reviewStep, row.lastSequence]).toEqual(['bank_review', 'documents', 3]);
  const repairs = await harness.prisma.projectionRepair.findMany({ where: { applicationId: id } });
  expect(repairs).toHaveLength(1);
  expect(repairs[0]!.sequence).toBe(3);
  expect(repairs[0]!.replacedSteps).toEqual([expect.objectContaining({ step: 'withdraw', sequence: 3 })]);
});

test('given a step whose text the database refuses, the step is refused as unstorable, nothing changes, and the next step goes through', async () => {
  const id = await referredToBank(harness.workflows);
  await harness.workflows.step(id, 'acknowledgeReceipt', { actor: bank, data: {} });
  await harness.workflows.step(id, 'checkDocuments', { actor: bank, data: { guaranteesAccepted: true } });
  await harness.workflows.step(id, 'assessCredit', { actor: bank, data: { creditScore: 700 } });

  const refusal = await refusalOf(harness.workflows.step(id, 'approve', { actor: bank, data: { amount: '1000', terms: 'four\u0000percent' } }));
  expect(refusal.type).toBe(ErrorCode.Unstorable);

  const state = await harness.workflows.state(id);
  expect([state?.stage, state?.reviewStep, state?.sequence]).toEqual(['bank_review', 'decision', 5]);
  expect((await stepsOf(id)).map((s) => s.step)).toEqual(['submit', 'categorize', 'acknowledgeReceipt', 'checkDocuments', 'assessCredit']);

  const approved = await harness.workflows.step(id, 'approve', { actor: bank, data: { amount: '1000', terms: 'four percent' } });
  expect(approved.stage).toBe('disbursement');
  const row = await harness.prisma.application.findUniqueOrThrow({ where: { id } });
  expect([row.stage, row.approvedTerms, row.lastSequence]).toEqual(['disbursement', 'four percent', 6]);
});

test('given a submission the database refuses, the agency is answered at once and a corrected submission starts afresh', async () => {
  const command = submitCommand();
  const bad = { ...command, submission: { ...command.submission, purpose: 'tea\u0000workshop' } };
  const id = `refused-${Date.now()}`;
  const refusal = await refusalOf(harness.workflows.submit(id, bad));
  expect(refusal.type).toBe(ErrorCode.Unstorable);
  expect(await harness.prisma.application.count({ where: { id } })).toBe(0);

  // The refused submission's run has ended, so the same id starts a new one.
  const handle = harness.env.client.workflow.getHandle(`loan-application-${id}`);
  await expect(handle.result()).resolves.toBeNull();
  const state = await harness.workflows.submit(id, command);
  expect(state.stage).toBe('categorization');
  expect((await harness.prisma.application.findUniqueOrThrow({ where: { id } })).purpose).toBe(command.submission.purpose);
});

test('given two agencies that submit the same person, each application keeps the particulars its own agency entered', async () => {
  const first = await submitted(harness.workflows);
  const second = 'second-agency-' + first;
  const command = submitCommand();
  await harness.workflows.submit(second, {
    actor: otherAgency,
    submission: { ...command.submission, applicant: { ...command.submission.applicant, fullName: 'Another Name', phone: '+989121111111', address: 'Elsewhere' } },
  });

  const rows = await harness.prisma.application.findMany({ where: { id: { in: [first, second] } }, include: { applicant: true } });
  // Sealed at rest: each row opens, with the test's keys, to its own agency's particulars.
  const byId = Object.fromEntries(rows.map((r) => [r.id, openApplicant(testFieldCipher, r.applicant)]));
  expect(byId[first]).toMatchObject({ nationalId: '0013542419', fullName: 'Maryam Rahimi', phone: '+989111234567', address: 'Kashef Street, Lahijan' });
  expect(byId[second]).toMatchObject({ nationalId: '0013542419', fullName: 'Another Name', phone: '+989121111111', address: 'Elsewhere' });
  expect(agency.organizationId).not.toBe(otherAgency.organizationId);
});

test('given two different submissions racing for one application, the first is kept and the other changes nothing', async () => {
  const id = `race-${Date.now()}`;
  const first = submitCommand();
  const second = { ...first, submission: { ...first.submission, purpose: 'Another purpose' } };
  const [a, b] = await Promise.all([harness.workflows.submit(id, first), harness.workflows.submit(id, second)]);
  expect(a.submission.purpose).toBe(b.submission.purpose);
  expect(await stepsOf(id)).toHaveLength(1);
  expect(await harness.prisma.projectionRepair.count({ where: { applicationId: id } })).toBe(0);
  expect((await harness.prisma.application.findUniqueOrThrow({ where: { id } })).purpose).toBe(a.submission.purpose);
});
