import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Actor, StepCommand } from '../../domain/commands';
import { bank, otherBank } from '../../support/fixtures';
import { type Harness, startHarness } from '../support/harness';
import { approved, atDecision } from '../support/walk';

/** Four eyes on the real dev server and PostgreSQL: the API's `fourEyes` flag, set here by hand. */
const secondClerk: Actor = { userId: 'user-bank-melli-2', organizationId: bank.organizationId, role: 'bank' };
const thirdClerk: Actor = { userId: 'user-bank-melli-3', organizationId: bank.organizationId, role: 'bank' };

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
  await harness.prisma.user.createMany({ data: [secondClerk, thirdClerk].map((a) => ({ id: a.userId, organizationId: a.organizationId, role: a.role, name: a.userId })) });
});
afterAll(async () => {
  await harness?.stop();
});

const failureOf = async (call: Promise<unknown>): Promise<{ type: string | undefined; message: string }> => {
  try {
    await call;
  } catch (error) {
    const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
    if (cause instanceof ApplicationFailure) return { type: cause.type ?? undefined, message: cause.message };
    throw error;
  }
  throw new Error('the Update was accepted');
};
const tranche = (actor: Actor, amount = '50000000000', paymentReference = 'PAY-1'): StepCommand<'disburseTranche'> => ({ actor, data: { amount, paymentReference }, fourEyes: true });
const notesOf = (id: string) => harness.prisma.caseNote.findMany({ where: { applicationId: id }, orderBy: { number: 'asc' } });

test('a tranche recorded by one bank user is pending, not paid, and the same user cannot confirm it', async () => {
  const { workflows, prisma } = harness;
  const id = await approved(workflows);
  const recorded = await workflows.step(id, 'disburseTranche', tranche(bank));
  expect(recorded.pendingTranche).toMatchObject({ amount: '50000000000', paymentReference: 'PAY-1', recordedBy: bank });
  expect(recorded.tranches).toEqual([]);
  expect(recorded.disbursedAmount).toBe('0');

  const refused = await failureOf(workflows.step(id, 'disburseTranche', tranche(bank)));
  expect(refused.type).toBe('WRONG_PARTY');
  expect(refused.message).toMatch(/second person/);
  expect(await prisma.disbursement.count({ where: { applicationId: id } })).toBe(0);
  const row = await prisma.application.findUniqueOrThrow({ where: { id } });
  expect(row.pendingTranche).toMatchObject({ amount: '50000000000', paymentReference: 'PAY-1' });
  expect((await notesOf(id)).map((n) => [n.kind, n.actorUserId])).toEqual([['recordTranche', bank.userId]]);
});

test('a second user of the bank confirming with the same data pays the tranche; other data is refused', async () => {
  const { workflows, prisma } = harness;
  const id = await approved(workflows);
  await workflows.step(id, 'disburseTranche', tranche(bank));
  const otherAmount = await failureOf(workflows.step(id, 'disburseTranche', tranche(secondClerk, '40000000000')));
  expect(otherAmount).toMatchObject({ type: 'INVALID_STEP_DATA' });
  expect(otherAmount.message).toMatch(/pending tranche has another amount/);

  const paid = await workflows.step(id, 'disburseTranche', tranche(secondClerk));
  expect(paid.pendingTranche).toBeUndefined();
  expect(paid.tranches).toMatchObject([{ number: 1, amount: '50000000000', paymentReference: 'PAY-1' }]);
  const steps = await prisma.applicationStep.findMany({ where: { applicationId: id, step: 'disburseTranche' } });
  expect(steps.map((s) => s.actorUserId)).toEqual([secondClerk.userId]);
  expect(await prisma.disbursement.count({ where: { applicationId: id } })).toBe(1);
  const row = await prisma.application.findUniqueOrThrow({ where: { id } });
  expect(row.pendingTranche).toBeNull();
  expect(row.disbursedAmount.toFixed(0)).toBe('50000000000');
});

test('a pending tranche is cancelled with a reason, and a new one may be recorded after it', async () => {
  const { workflows, prisma } = harness;
  const id = await approved(workflows);
  await workflows.step(id, 'disburseTranche', tranche(bank));
  const noReason = await failureOf(workflows.caseWork(id, 'cancelTranche', { actor: secondClerk, reason: '  ' }));
  expect(noReason.type).toBe('INVALID_STEP_DATA');

  const cancelled = await workflows.caseWork(id, 'cancelTranche', { actor: secondClerk, reason: 'wrong account number' });
  expect(cancelled.pendingTranche).toBeUndefined();
  expect(cancelled.tranches).toEqual([]);
  expect((await prisma.application.findUniqueOrThrow({ where: { id } })).pendingTranche).toBeNull();
  const notes = await notesOf(id);
  expect(notes.map((n) => n.kind)).toEqual(['recordTranche', 'cancelTranche']);
  expect(notes[1]).toMatchObject({ text: 'wrong account number', actorUserId: secondClerk.userId });
  expect(await failureOf(workflows.caseWork(id, 'cancelTranche', { actor: bank, reason: 'again' }))).toMatchObject({ type: 'STEP_OUT_OF_ORDER' });

  const again = await workflows.step(id, 'disburseTranche', tranche(secondClerk, '20000000000', 'PAY-2'));
  expect(again.pendingTranche).toMatchObject({ amount: '20000000000', recordedBy: secondClerk });
});

test('two users confirming one pending tranche at the same moment pay it once', async () => {
  const { workflows, prisma } = harness;
  const id = await approved(workflows);
  await workflows.step(id, 'disburseTranche', tranche(bank));
  const outcomes = await Promise.allSettled([workflows.step(id, 'disburseTranche', tranche(secondClerk)), workflows.step(id, 'disburseTranche', tranche(thirdClerk))]);
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
  expect((rejected.reason as WorkflowUpdateFailedError).cause).toBeInstanceOf(ApplicationFailure);
  expect(await prisma.disbursement.count({ where: { applicationId: id } })).toBe(1);
  const state = await workflows.state(id);
  expect(state).toMatchObject({ disbursedAmount: '50000000000', tranches: [{ number: 1 }] });
  expect(state?.pendingTranche).toBeUndefined();
});

test('an approval marked for four eyes needs a second user; one without the mark is taken at once', async () => {
  const { workflows, prisma } = harness;
  const approval = (actor: Actor, fourEyes: boolean): StepCommand<'approve'> => ({ actor, data: { amount: '90000000000', terms: '4% over 5 years' }, ...(fourEyes ? { fourEyes } : {}) });

  const large = await atDecision(workflows);
  const recorded = await workflows.step(large, 'approve', approval(bank, true));
  expect(recorded).toMatchObject({ stage: 'bank_review', reviewStep: 'decision', approvedAmount: null, pendingApproval: { amount: '90000000000', recordedBy: bank } });
  expect((await prisma.application.findUniqueOrThrow({ where: { id: large } })).approvedAmount).toBeNull();
  expect(await failureOf(workflows.step(large, 'approve', approval(bank, true)))).toMatchObject({ type: 'WRONG_PARTY' });
  const confirmed = await workflows.step(large, 'approve', approval(secondClerk, true));
  expect(confirmed).toMatchObject({ stage: 'disbursement', approvedAmount: '90000000000' });
  expect(confirmed.pendingApproval).toBeUndefined();
  expect((await prisma.applicationStep.findFirstOrThrow({ where: { applicationId: large, step: 'approve' } })).actorUserId).toBe(secondClerk.userId);

  const small = await atDecision(workflows);
  expect(await workflows.step(small, 'approve', approval(bank, false))).toMatchObject({ stage: 'disbursement', approvedAmount: '90000000000' });
});

test('a pending approval is cancelled with a reason, and one is dropped when the bank rejects instead', async () => {
  const { workflows, prisma } = harness;
  const approval = { actor: bank, data: { amount: '90000000000', terms: '4% over 5 years' }, fourEyes: true };
  const id = await atDecision(workflows);
  await workflows.step(id, 'approve', approval);
  const cancelled = await workflows.caseWork(id, 'cancelApproval', { actor: bank, reason: 'terms to be renegotiated' });
  expect(cancelled.pendingApproval).toBeUndefined();
  expect(cancelled.reviewStep).toBe('decision');

  await workflows.step(id, 'approve', approval);
  const rejected = await workflows.step(id, 'reject', { actor: secondClerk, data: { reason: 'insufficient_guarantee' } });
  expect(rejected.stage).toBe('rejected');
  expect(rejected.pendingApproval).toBeUndefined();
  expect((await prisma.application.findUniqueOrThrow({ where: { id } })).pendingApproval).toBeNull();
});

test('a pending approval is dropped when an official gives the case to another bank', async () => {
  const { workflows, prisma } = harness;
  const official: Actor = { userId: 'user-governors-office', organizationId: 'org-governors-office', role: 'official' };
  const id = await atDecision(workflows);
  await workflows.step(id, 'approve', { actor: bank, data: { amount: '90000000000', terms: '4% over 5 years' }, fourEyes: true });
  const moved = await workflows.caseWork(id, 'reassign', { actor: official, fromBankId: bank.organizationId, toBankId: otherBank.organizationId, reason: 'no_response', note: 'silent' });
  expect(moved.bankId).toBe(otherBank.organizationId);
  expect(moved.pendingApproval).toBeUndefined();
  expect((await prisma.application.findUniqueOrThrow({ where: { id } })).pendingApproval).toBeNull();
});
