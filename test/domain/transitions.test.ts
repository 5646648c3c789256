import { ErrorCode, StepRefusal } from '../../domain/errors';
import { applyStep, checkStep, startApplication } from '../../domain/transitions';
import { agency, bank, submitCommand } from '../../support/fixtures';

/** The state machine's rule for refusals: when in the bank's review a rejection may come. */
const at = new Date('2026-11-20T08:00:00Z');
const referred = () => {
  const submitted = startApplication('rules-1', submitCommand(), at);
  return applyStep(submitted.state, 'categorize', { actor: agency, data: { category: 'micro_workshop', priority: 'normal', bankId: bank.organizationId } }, at).state;
};
const reject = { actor: bank, data: { reason: 'insufficient_guarantee' as const } };

test('a bank may reject once it checks the documents and guarantees, not before it acknowledges receipt', () => {
  const received = referred();
  expect(() => checkStep(received, 'reject', reject)).toThrow(StepRefusal);
  try {
    checkStep(received, 'reject', reject);
  } catch (error) {
    expect((error as StepRefusal).code).toBe(ErrorCode.StepOutOfOrder);
  }
  const atDocuments = applyStep(received, 'acknowledgeReceipt', { actor: bank, data: {} }, at).state;
  const rejected = applyStep(atDocuments, 'reject', reject, at).state;
  expect([rejected.stage, rejected.rejectionReason, rejected.closedAt]).toEqual(['rejected', 'insufficient_guarantee', at.toISOString()]);
});
