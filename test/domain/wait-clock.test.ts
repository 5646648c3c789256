import fc from 'fast-check';
import type { ApplicationState } from '../../domain/application-state';
import { parseJalali } from '../../domain/calendar';
import { stepPerformer, type StepData, type StepName } from '../../domain/commands';
import { type EscalationPolicy, type Wait, waitKinds, waitOf } from '../../domain/deadlines';
import { applyStep, startApplication } from '../../domain/transitions';
import { clockFor, dueAt, type PausedClock, pauseOnInformationRequest, transitionTimeOf, type WaitClock, workingDaysWaited } from '../../domain/wait-clock';
import { agency, bank, submitCommand } from '../../support/fixtures';
import { inTehran, tehran } from './calendar/tehran';

const HOUR = 3_600_000;

const policyWith = (overrides: Partial<EscalationPolicy> = {}): EscalationPolicy => ({
  weekend: ['friday'],
  holidays: [],
  dayLengthMs: 86_400_000,
  deadlineDays: Object.fromEntries(waitKinds.map((kind) => [kind, 5])) as EscalationPolicy['deadlineDays'],
  categoryDeadlineDays: {},
  escalateAfterDays: 2,
  repeatEveryDays: 3,
  provinceAfterRepeats: null,
  ...overrides,
});

const step = <K extends StepName>(state: ApplicationState, name: K, data: StepData[K], now: number): ApplicationState =>
  applyStep(state, name, { actor: stepPerformer[name] === 'agency' ? agency : bank, data }, new Date(now)).state;

const t0 = tehran('1405/07/12 09:00').getTime();
const submitted = startApplication('app-clock', submitCommand(), new Date(t0)).state;
const categorized = step(submitted, 'categorize', { category: 'tourism', priority: 'high', bankId: bank.organizationId }, t0 + HOUR);
const atDocuments = step(categorized, 'acknowledgeReceipt', {}, t0 + 2 * HOUR);
const atCredit = step(atDocuments, 'checkDocuments', { guaranteesAccepted: true }, t0 + 3 * HOUR);

/** What the supervisor does when `state` begins a wait (NaN: the state's own time must be used). */
const begin = (state: ApplicationState, paused: PausedClock | null) =>
  clockFor(waitOf(state)!, state.sequence, transitionTimeOf(state, Number.NaN), paused);
/** What the supervisor does when the wait of `clock` ends in `next`. */
const end = (clock: WaitClock, next: ApplicationState, paused: PausedClock | null) =>
  pauseOnInformationRequest(clock, next, transitionTimeOf(next, Number.NaN), paused);

describe('the clock of a new wait', () => {
  it('starts at the transition that began the wait, named by its kind and sequence, never paused', () => {
    expect(begin(atCredit, null)).toEqual({
      clock: { kind: 'bank_review.credit_assessment', waitId: `bank_review.credit_assessment#${atCredit.sequence}`, since: t0 + 3 * HOUR, pausedMs: 0 },
      paused: null,
    });
    expect(begin(submitted, null).clock).toEqual({ kind: 'categorization', waitId: 'categorization#1', since: t0, pausedMs: 0 });
  });

  it('uses the time of the latest transition, and the fallback for states recorded before it existed', () => {
    const { lastTransitionAt: _, ...older } = atCredit;
    expect(transitionTimeOf(atCredit, 7)).toBe(t0 + 3 * HOUR);
    expect(transitionTimeOf(older, 7)).toBe(7);
  });
});

describe('the bank\'s clock while the agency answers its questions', () => {
  const bankWait = begin(atCredit, null).clock;
  const asked = step(atCredit, 'requestInformation', { questions: ['Which guarantor?'] }, t0 + 10 * HOUR);
  const paused = end(bankWait, asked, null);
  const agencyWait = begin(asked, paused);
  const answered = step(asked, 'answerInformationRequest', { answer: 'Her brother' }, t0 + 31 * HOUR);

  it('stops when the bank asks, and the agency\'s wait starts a fresh clock of its own', () => {
    expect(paused).toEqual({ ...bankWait, pausedAt: t0 + 10 * HOUR });
    expect(agencyWait.clock).toEqual({ kind: 'information_requested', waitId: `information_requested#${asked.sequence}`, since: t0 + 10 * HOUR, pausedMs: 0 });
    expect(agencyWait.paused).toEqual(paused);
  });

  it('resumes for the same step with the same id and start, stopped exactly as long as the agency took', () => {
    const stillPaused = end(agencyWait.clock, answered, agencyWait.paused);
    expect(stillPaused).toEqual(paused);
    expect(begin(answered, stillPaused)).toEqual({ clock: { ...bankWait, pausedMs: 21 * HOUR }, paused: null });
  });

  it('is dropped when another wait follows: the bank\'s step is over', () => {
    const decisionWait: Wait = { kind: 'bank_review.decision', holderOrganizationId: bank.organizationId };
    expect(clockFor(decisionWait, 9, t0 + 40 * HOUR, paused)).toEqual({
      clock: { kind: 'bank_review.decision', waitId: 'bank_review.decision#9', since: t0 + 40 * HOUR, pausedMs: 0 },
      paused: null,
    });
    expect(clockFor({ kind: 'categorization', holderOrganizationId: agency.organizationId }, 9, t0 + 40 * HOUR, paused).paused).toBeNull();
  });

  it('is not stopped when the bank\'s step ends any other way than by a question', () => {
    const atDecision = step(atCredit, 'assessCredit', {}, t0 + 5 * HOUR);
    expect(end(bankWait, atDecision, null)).toBeNull();
    expect(end(bankWait, step(atCredit, 'withdraw', { reason: 'moved away' }, t0 + 5 * HOUR), null)).toBeNull();
    expect(end(begin(atDecision, null).clock, step(atDecision, 'approve', { amount: '9', terms: '1 year' }, t0 + 6 * HOUR), null)).toBeNull();
  });

  it('has nothing to resume into when the agency withdraws instead of answering', () => {
    expect(waitOf(step(asked, 'withdraw', { reason: 'moved away' }, t0 + 12 * HOUR))).toBeNull();
  });

  it('adds up every pause of the same step, whatever the bank and the agency take', () => {
    const turns = fc.array(fc.record({ bankMs: fc.nat(10 * 86_400_000), agencyMs: fc.nat(10 * 86_400_000) }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(turns, (pauses) => {
        let state = atCredit;
        let now = t0 + 3 * HOUR;
        let { clock, paused } = begin(state, null);
        for (const { bankMs, agencyMs } of pauses) {
          state = step(state, 'requestInformation', { questions: ['?'] }, (now += bankMs));
          paused = end(clock, state, paused);
          const agencyClock = begin(state, paused);
          state = step(state, 'answerInformationRequest', { answer: '!' }, (now += agencyMs));
          ({ clock, paused } = begin(state, end(agencyClock.clock, state, agencyClock.paused)));
        }
        const agencyTotal = pauses.reduce((sum, { agencyMs }) => sum + agencyMs, 0);
        expect(clock).toEqual({ kind: 'bank_review.credit_assessment', waitId: `bank_review.credit_assessment#${atCredit.sequence}`, since: t0 + 3 * HOUR, pausedMs: agencyTotal });
        expect(paused).toBeNull();
      }),
      { numRuns: 50 },
    );
  });
});

describe('when a wait falls due', () => {
  // 1405/07/16 is a Thursday and the 17th a Friday; this policy makes Saturday the 18th a holiday.
  const policy = policyWith({ holidays: [parseJalali('1405/07/18')] });
  const thursday = (pausedMs: number): WaitClock => ({ kind: 'disbursement', waitId: 'disbursement#7', since: tehran('1405/07/16 10:30').getTime(), pausedMs });

  it('two working days from Thursday skip the Friday and the Saturday holiday, and end on Monday', () => {
    expect(inTehran(new Date(dueAt(policy, thursday(0), 2)))).toBe('1405/07/20 10:30');
    expect(inTehran(new Date(dueAt(policy, thursday(0), 1)))).toBe('1405/07/19 10:30');
    expect(inTehran(new Date(dueAt(policyWith(), thursday(0), 2)))).toBe('1405/07/19 10:30');
  });

  it('the time the clock was stopped is added on top', () => {
    expect(dueAt(policy, thursday(3 * HOUR), 2)).toBe(tehran('1405/07/20 13:30').getTime());
  });

  it('a short demo day is plain arithmetic, the stopped time added', () => {
    const demo = policyWith({ dayLengthMs: 60_000, holidays: [parseJalali('1405/07/18')] });
    expect(dueAt(demo, thursday(5_000), 2)).toBe(tehran('1405/07/16 10:32').getTime() + 5_000);
  });
});

describe('the working days a holder has had the case', () => {
  const policy = policyWith();
  const wednesday = (pausedMs: number): WaitClock => ({ kind: 'disbursement', waitId: 'disbursement#7', since: tehran('1405/07/15 10:30').getTime(), pausedMs });

  it('leave out the time the clock was stopped', () => {
    const saturdayNoon = tehran('1405/07/18 12:00').getTime();
    expect(workingDaysWaited(policy, wednesday(0), saturdayNoon)).toBe(2);
    expect(workingDaysWaited(policy, wednesday(2 * HOUR), saturdayNoon)).toBe(1);
  });

  it('in demo mode are the elapsed time less the stopped time, in whole days', () => {
    const demo = policyWith({ dayLengthMs: 60_000 });
    fc.assert(
      fc.property(fc.nat(100 * 60_000), fc.nat(100 * 60_000), (pausedMs, elapsedMs) => {
        const clock = wednesday(pausedMs);
        expect(workingDaysWaited(demo, clock, clock.since + pausedMs + elapsedMs)).toBe(Math.floor(elapsedMs / 60_000));
      }),
    );
  });
});

it('at the moment a paused wait falls due, the holder has waited its whole deadline, on a working day', () => {
  const policy = policyWith();
  const clock: WaitClock = { kind: 'bank_review.decision', waitId: 'bank_review.decision#5', since: tehran('1405/07/13 10:30').getTime(), pausedMs: 86_400_000 };
  const due = dueAt(policy, clock, 3);
  expect(inTehran(new Date(due))).not.toBe('1405/07/17 10:30'); // a Friday
  expect(workingDaysWaited(policy, clock, due)).toBe(3);
});
