import type { Actor } from '../../domain/commands';
import { type ActiveWait, addComment, extendDeadline } from '../../domain/case-notes';
import { ErrorCode, StepRefusal } from '../../domain/errors';
import { reassign } from '../../domain/reassignment';
import { applyStep, startApplication } from '../../domain/transitions';
import { agency, bank, otherAgency, otherBank, submitCommand } from '../../support/fixtures';

/** The case-work rules as pure functions: who may, what they change, what they leave alone. */
const at = new Date('2026-11-20T08:00:00Z');
const official: Actor = { userId: 'user-governors-office', organizationId: 'org-governors-office', role: 'official' };
const referred = () => {
  const submitted = startApplication('work-1', submitCommand(), at);
  return applyStep(submitted.state, 'categorize', { actor: agency, data: { category: 'micro_workshop', priority: 'normal', bankId: bank.organizationId } }, at).state;
};
const codeOf = (rule: () => unknown): string | undefined => {
  try {
    rule();
    return undefined;
  } catch (error) {
    return error instanceof StepRefusal ? `${error.code}${error.field ? `:${error.field}` : ''}` : String(error);
  }
};
const wait = (waitId: string): ActiveWait => ({ waitId, kind: 'bank_review.acknowledge', holderOrganizationId: bank.organizationId, deadlineWith: (days) => new Date(at.getTime() + days * 86_400_000) });

test('a comment is numbered apart from the steps: the sequence, the stage and the deadline stay', () => {
  const state = referred();
  const { state: next, note } = addComment(state, { actor: bank, text: '  papers?  ', mentions: ['org-relief-committee', 'org-relief-committee'] }, at);
  expect([next.sequence, next.stage, next.notes]).toEqual([state.sequence, state.stage, 1]);
  expect(note).toMatchObject({ number: 1, kind: 'comment', text: 'papers?', data: { mentions: ['org-relief-committee'] }, afterSequence: state.sequence });
  expect(addComment(next, { actor: agency, text: 'sent', mentions: [] }, at).note.number).toBe(2);
});

test('only the parties who see the case comment on it', () => {
  const state = referred();
  expect(codeOf(() => addComment(state, { actor: otherBank, text: 'x', mentions: [] }, at))).toBe(ErrorCode.WrongParty);
  expect(codeOf(() => addComment(state, { actor: otherAgency, text: 'x', mentions: [] }, at))).toBe(ErrorCode.WrongParty);
  expect(codeOf(() => addComment(state, { actor: official, text: 'x', mentions: [] }, at))).toBeUndefined();
});

test('an extension adds up per wait, to the cap, and starts again at zero for another wait', () => {
  const state = referred();
  const first = extendDeadline(state, { actor: official, days: 3, reason: 'holiday' }, wait('bank_review.acknowledge#2'), 5, at);
  expect(first.state.extension).toEqual({ waitId: 'bank_review.acknowledge#2', days: 3 });
  expect(first.note.data).toMatchObject({ days: 3, totalDays: 3, deadlineBefore: at.toISOString(), deadlineAfter: new Date(at.getTime() + 3 * 86_400_000).toISOString() });
  expect(codeOf(() => extendDeadline(first.state, { actor: official, days: 3, reason: 'again' }, wait('bank_review.acknowledge#2'), 5, at))).toBe(`${ErrorCode.InvalidStepData}:days`);
  expect(extendDeadline(first.state, { actor: official, days: 5, reason: 'a new wait' }, wait('bank_review.documents#3'), 5, at).state.extension).toEqual({ waitId: 'bank_review.documents#3', days: 5 });
  expect(codeOf(() => extendDeadline(state, { actor: bank, days: 1, reason: 'mine' }, wait('w'), 5, at))).toBe(ErrorCode.WrongParty);
  expect(codeOf(() => extendDeadline(state, { actor: official, days: 1, reason: 'nobody holds it' }, null, 5, at))).toBe(ErrorCode.StepOutOfOrder);
  expect(codeOf(() => extendDeadline(state, { actor: official, days: 1, reason: '   ' }, wait('w'), 5, at))).toBe(`${ErrorCode.InvalidStepData}:reason`);
});

test('a reassignment is a step: the new bank at the first review step, the old bank’s questions dropped', () => {
  const documents = applyStep(applyStep(referred(), 'acknowledgeReceipt', { actor: bank, data: {} }, at).state, 'requestInformation', { actor: bank, data: { questions: ['lease?'] } }, at).state;
  const { state, record } = reassign(documents, { actor: official, fromBankId: bank.organizationId, toBankId: otherBank.organizationId, reason: 'no_response' }, at);
  expect(state).toMatchObject({ bankId: otherBank.organizationId, stage: 'bank_review', reviewStep: 'acknowledge', openQuestions: [], sequence: documents.sequence + 1 });
  expect(record).toMatchObject({ step: 'reassign', stageAfter: 'bank_review', data: { fromBankId: bank.organizationId, toBankId: otherBank.organizationId, reason: 'no_response' } });
});

test('a reassignment is refused after the decision, against a stale bank, by anyone but an official', () => {
  const state = referred();
  const command = { actor: official, fromBankId: bank.organizationId, toBankId: otherBank.organizationId, reason: 'no_response' as const };
  expect(codeOf(() => reassign(state, { ...command, fromBankId: otherBank.organizationId }, at))).toBe(`${ErrorCode.StepOutOfOrder}:fromBankId`);
  expect(codeOf(() => reassign(state, { ...command, actor: bank }, at))).toBe(ErrorCode.WrongParty);
  expect(codeOf(() => reassign(state, { ...command, reason: 'other' }, at))).toBe(`${ErrorCode.InvalidStepData}:note`);
  const submitted = startApplication('work-2', submitCommand(), at).state;
  expect(codeOf(() => reassign(submitted, command, at))).toBe(ErrorCode.StepOutOfOrder);
});
