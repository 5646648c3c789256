import fc from 'fast-check';
import type { ApplicationState } from '../../domain/application-state';
import { parseJalali } from '../../domain/calendar';
import { stepPerformer, type StepData, type StepName } from '../../domain/commands';
import { deadlineDaysFor, type EscalationPolicy, followUpDueAt, ladder, type Rung, waitKinds, waitOf } from '../../domain/deadlines';
import { applyStep, openFollowUp, startApplication } from '../../domain/transitions';
import { agency, bank, submitCommand } from '../../support/fixtures';
import { inTehran, tehran } from './calendar/tehran';

// Distinct numbers, so that a rule reading the wrong kind's deadline shows.
const deadlineDays = Object.fromEntries(waitKinds.map((kind, index) => [kind, index + 1])) as EscalationPolicy['deadlineDays'];

const policyWith = (overrides: Partial<EscalationPolicy> = {}): EscalationPolicy => ({
  weekend: ['friday'],
  holidays: [],
  dayLengthMs: 86_400_000,
  deadlineDays,
  categoryDeadlineDays: {},
  escalateAfterDays: 2,
  repeatEveryDays: 3,
  provinceAfterRepeats: 2,
  ...overrides,
});

let clock = tehran('1405/07/12 09:00').getTime();
/** The next step, done by whoever performs it, at `now` (by default an hour after the last). */
function step<K extends StepName>(state: ApplicationState, name: K, data: StepData[K], now = new Date((clock += 3_600_000))): ApplicationState {
  return applyStep(state, name, { actor: stepPerformer[name] === 'agency' ? agency : bank, data }, now).state;
}

const submitted = startApplication('app-deadlines', submitCommand(), new Date(clock)).state;
const categorized = step(submitted, 'categorize', { category: 'handicrafts', priority: 'normal', bankId: bank.organizationId });
const atDocuments = step(categorized, 'acknowledgeReceipt', {});
const atCredit = step(atDocuments, 'checkDocuments', { guaranteesAccepted: true });
const atDecision = step(atCredit, 'assessCredit', {});
const approved = step(atDecision, 'approve', { amount: '100', terms: '5 years' });
const signed = step(approved, 'signContract', { contractNumber: 'C-1' });
const fullyPaid = (firstPaidAt?: Date, lastPaidAt?: Date): ApplicationState =>
  step(step(signed, 'disburseTranche', { amount: '40', paymentReference: 'P-1' }, firstPaidAt), 'disburseTranche', { amount: '60', paymentReference: 'P-2' }, lastPaidAt);
const followUp = openFollowUp(fullyPaid(), new Date((clock += 3_600_000))).state;

describe('who the application waits for', () => {
  it.each([
    ['categorization', submitted],
    ['returned_for_documents', step(submitted, 'returnForDocuments', { missingDocuments: ['ID card'] })],
    ['information_requested', step(atCredit, 'requestInformation', { questions: ['Which guarantor?'] })],
    ['employment_follow_up', followUp],
  ] as const)('at %s the agency holds the case', (kind, state) => {
    expect(waitOf(state)).toEqual({ kind, holderOrganizationId: agency.organizationId });
  });

  it.each([
    ['once referred', 'bank_review.acknowledge', categorized],
    ['once it has acknowledged receipt', 'bank_review.documents', atDocuments],
    ['once the documents are checked', 'bank_review.credit_assessment', atCredit],
    ['once the credit is assessed', 'bank_review.decision', atDecision],
    ['once the agency has answered, at the step where it asked', 'bank_review.credit_assessment', step(step(atCredit, 'requestInformation', { questions: ['?'] }), 'answerInformationRequest', { answer: 'A' })],
    ['once it has approved', 'disbursement', approved],
    ['once the contract is signed and until fully paid', 'disbursement', step(signed, 'disburseTranche', { amount: '40', paymentReference: 'P-0' })],
  ] as const)('the bank holds the case %s (%s)', (_when, kind, state) => {
    expect(waitOf(state)).toEqual({ kind, holderOrganizationId: bank.organizationId });
  });

  it('a bank review with no bank recorded is held by nobody', () => {
    expect(waitOf({ ...categorized, bankId: null })).toBeNull();
  });

  it('a bank review that has not recorded its step waits for the acknowledgement', () => {
    expect(waitOf({ ...categorized, reviewStep: null })?.kind).toBe('bank_review.acknowledge');
  });

  it.each([
    ['awaiting_follow_up', fullyPaid()],
    ['closed', step(followUp, 'confirmJobs', { jobsConfirmed: 4 })],
    ['rejected', step(atDecision, 'reject', { reason: 'other' })],
    ['ineligible', step(submitted, 'declareIneligible', { reason: 'other' })],
    ['withdrawn', step(atCredit, 'withdraw', { reason: 'moved away' })],
  ] as const)('at %s nobody is expected to act', (stage, state) => {
    expect(state.stage).toBe(stage);
    expect(waitOf(state)).toBeNull();
  });
});

describe('the working days a wait may take', () => {
  const policy = policyWith({ categoryDeadlineDays: { home_business: { 'bank_review.credit_assessment': 10, 'bank_review.decision': 0 } } });

  it('a category that overrides the step gets its own deadline, even one of zero days', () => {
    expect(deadlineDaysFor(policy, 'bank_review.credit_assessment', 'home_business')).toBe(10);
    expect(deadlineDaysFor(policy, 'bank_review.decision', 'home_business')).toBe(0);
  });

  it('any other step, category, or an uncategorized case gets the default deadline', () => {
    expect(deadlineDaysFor(policy, 'disbursement', 'home_business')).toBe(deadlineDays.disbursement);
    expect(deadlineDaysFor(policy, 'bank_review.credit_assessment', 'handicrafts')).toBe(deadlineDays['bank_review.credit_assessment']);
    expect(deadlineDaysFor(policy, 'bank_review.credit_assessment', null)).toBe(deadlineDays['bank_review.credit_assessment']);
  });
});

const take = (rungs: Iterator<Rung[]>, count: number): Rung[][] =>
  Array.from({ length: count }, () => rungs.next()).flatMap((result) => (result.done ? [] : [result.value]));

describe('the escalation ladder of one wait', () => {
  it('reminds at the deadline, escalates to the governor\'s office, repeats, and adds the province from its repeat on', () => {
    expect(take(ladder(policyWith({ maxRepeats: 3 }), 5), 10)).toEqual([
      [{ level: 'reminder', round: 0, afterDays: 5 }],
      [{ level: 'governors_office', round: 0, afterDays: 7 }],
      [{ level: 'governors_office', round: 1, afterDays: 10 }],
      [{ level: 'governors_office', round: 2, afterDays: 13 }, { level: 'province', round: 0, afterDays: 13 }],
      [{ level: 'governors_office', round: 3, afterDays: 16 }, { level: 'province', round: 1, afterDays: 16 }],
      [{ level: 'abandoned', round: 0, afterDays: 19 }],
    ]);
  });

  it('with no province configured, the province is never told', () => {
    const levels = take(ladder(policyWith({ provinceAfterRepeats: null }), 5), 50).flat().map((rung) => rung.level);
    expect(levels).toHaveLength(50);
    expect(levels).not.toContain('province');
  });

  it('an older policy without maxRepeats keeps escalating and is never abandoned', () => {
    const rungs = ladder(policyWith({ provinceAfterRepeats: 0 }), 5);
    const groups = take(rungs, 50);
    expect(groups).toHaveLength(50);
    expect(groups.flat().map((rung) => rung.level)).not.toContain('abandoned');
    expect(groups[49]).toEqual([
      { level: 'governors_office', round: 48, afterDays: 5 + 2 + 48 * 3 },
      { level: 'province', round: 48, afterDays: 5 + 2 + 48 * 3 },
    ]);
    expect(rungs.next().done).toBe(false);
  });

  const policies = fc.record({
    escalateAfterDays: fc.integer({ min: 1, max: 30 }),
    repeatEveryDays: fc.integer({ min: 1, max: 30 }),
    provinceAfterRepeats: fc.option(fc.integer({ min: 0, max: 12 })),
    maxRepeats: fc.integer({ min: 0, max: 12 }),
  });

  it('with maxRepeats N: a reminder, N+1 governor\'s office notices, one abandoned notice a repeat later, then nothing', () => {
    fc.assert(
      fc.property(policies, fc.integer({ min: 0, max: 60 }), (overrides, days) => {
        const rungs = ladder(policyWith(overrides), days);
        const groups = take(rungs, overrides.maxRepeats + 10);
        expect(rungs.next().done).toBe(true);
        expect(groups).toHaveLength(overrides.maxRepeats + 3);
        expect(groups[0]).toEqual([{ level: 'reminder', round: 0, afterDays: days }]);
        const governor = groups.flat().filter((rung) => rung.level === 'governors_office');
        expect(governor.map((rung) => rung.round)).toEqual(Array.from({ length: overrides.maxRepeats + 1 }, (_, round) => round));
        expect(groups[groups.length - 1]).toEqual([{ level: 'abandoned', round: 0, afterDays: governor[governor.length - 1]!.afterDays + overrides.repeatEveryDays }]);
      }),
    );
  });

  it('each notice falls due strictly later than the one before it, and notices due together are one group', () => {
    fc.assert(
      fc.property(policies, fc.boolean(), fc.integer({ min: 0, max: 60 }), (overrides, capped, days) => {
        const policy = policyWith(capped ? overrides : { ...overrides, maxRepeats: undefined });
        const groups = take(ladder(policy, days), 40);
        for (const group of groups) expect(new Set(group.map((rung) => rung.afterDays)).size).toBe(1);
        const due = groups.map((group) => group[0]!.afterDays);
        due.slice(1).forEach((afterDays, index) => expect(afterDays).toBeGreaterThan(due[index]!));
      }),
    );
  });
});

describe('when the employment follow-up opens', () => {
  // 1405/07/15 is a Wednesday, the 17th a Friday; this policy makes Saturday the 18th a holiday.
  const realCalendar = policyWith({ holidays: [parseJalali('1405/07/18')], followUpAfterDays: 3 });

  it('counts working days from the last tranche, skipping the Friday and the holiday', () => {
    const paid = fullyPaid(tehran('1405/07/01 11:00'), tehran('1405/07/15 10:00'));
    expect(inTehran(new Date(followUpDueAt(paid, realCalendar, 1)))).toBe('1405/07/20 10:00');
    expect(inTehran(new Date(followUpDueAt(paid, { ...realCalendar, holidays: [] }, 1)))).toBe('1405/07/19 10:00');
  });

  it('counts short demo days as plain arithmetic', () => {
    const paid = fullyPaid(new Date(1_000), new Date(5_000));
    expect(followUpDueAt(paid, policyWith({ dayLengthMs: 60_000, followUpAfterDays: 3 }), 1)).toBe(5_000 + 180_000);
  });

  it('without followUpAfterDays (or without a policy) waits the fixed interval after the last tranche', () => {
    const paid = fullyPaid(new Date(1_000), new Date(5_000));
    expect(followUpDueAt(paid, policyWith(), 42_000)).toBe(47_000);
    expect(followUpDueAt(paid, undefined, 42_000)).toBe(47_000);
  });

  it('with no tranche recorded, counts from the latest transition, else from entering the stage', () => {
    const noTranche = { ...fullyPaid(), tranches: [], lastTransitionAt: '2026-10-01T00:00:00.000Z', stageEnteredAt: '2026-09-01T00:00:00.000Z' };
    const { lastTransitionAt: _, ...older } = noTranche;
    expect(followUpDueAt(noTranche, undefined, 1)).toBe(Date.parse('2026-10-01T00:00:00.001Z'));
    expect(followUpDueAt(older, undefined, 1)).toBe(Date.parse('2026-09-01T00:00:00.001Z'));
  });
});
