import { clockCarryingSteps, currentWait, type TrailStep, type WaitingApplication } from '../../domain/current-wait';
import { type EscalationPolicy, waitKinds } from '../../domain/deadlines';
import { agency, bank } from '../../support/fixtures';
import { inTehran, tehran } from './calendar/tehran';

/** Fridays off, five working days for every wait but categorization's one. */
const policy: EscalationPolicy = {
  weekend: ['friday'],
  holidays: [],
  dayLengthMs: 86_400_000,
  deadlineDays: { ...(Object.fromEntries(waitKinds.map((kind) => [kind, 5])) as EscalationPolicy['deadlineDays']), categorization: 1 },
  categoryDeadlineDays: { tourism: { 'bank_review.credit_assessment': 2 } },
  escalateAfterDays: 2,
  repeatEveryDays: 3,
  provinceAfterRepeats: null,
};

const trail = (...rows: [step: string, stageAfter: string, at: string][]): TrailStep[] =>
  rows.map(([step, stageAfter, at], i) => ({ sequence: i + 1, step, stageAfter, occurredAt: tehran(at) }));
const application = (stage: string, reviewStep: string | null = null): WaitingApplication => ({
  stage,
  reviewStep,
  agencyId: agency.organizationId,
  bankId: stage === 'categorization' ? null : bank.organizationId,
  category: stage === 'categorization' ? null : 'tourism',
});
const shown = (wait: ReturnType<typeof currentWait>) =>
  wait && { ...wait, since: inTehran(wait.since), deadline: wait.deadline && inTehran(wait.deadline) };

// 1405/07/10 is a Friday.
const submitted = trail(['submit', 'categorization', '1405/07/09 10:00']);
const renumber = (rows: TrailStep[]) => rows.map((row, i) => ({ ...row, sequence: i + 1 }));
const referred = renumber([...submitted, ...trail(['categorize', 'bank_review', '1405/07/11 09:00'], ['acknowledgeReceipt', 'bank_review', '1405/07/11 10:00'])]);
const asked = renumber([...referred, ...trail(['requestInformation', 'information_requested', '1405/07/12 10:00'])]);
const answered = renumber([...asked, ...trail(['answerInformationRequest', 'bank_review', '1405/07/14 10:00'])]);

describe('the current wait, rebuilt from the audit trail', () => {
  it('a wait begun on a Thursday is due a working day later, on Saturday: Friday does not count', () => {
    expect(shown(currentWait(application('categorization'), submitted, policy, tehran('1405/07/11 12:00')))).toEqual({
      kind: 'categorization',
      holderOrganizationId: agency.organizationId,
      waitId: 'categorization#1',
      since: '1405/07/09 10:00',
      deadline: '1405/07/11 10:00',
      workingDaysWaited: 1,
    });
  });

  it('while the agency answers the bank’s questions the agency holds the case, on its own clock', () => {
    expect(shown(currentWait(application('information_requested', 'documents'), asked, policy, tehran('1405/07/13 10:00')))).toEqual({
      kind: 'information_requested',
      holderOrganizationId: agency.organizationId,
      waitId: 'information_requested#4',
      since: '1405/07/12 10:00',
      deadline: '1405/07/18 10:00',
      workingDaysWaited: 1,
    });
  });

  it('an answered request resumes the bank’s wait where it stopped: same wait, the stopped days added to its deadline', () => {
    const resumed = currentWait(application('bank_review', 'documents'), answered, policy, tehran('1405/07/15 10:00'));
    // Began 07/11 10:00, a day in hand when stopped 07/12 10:00 for two days: five working days from 07/13 10:00.
    expect(shown(resumed)).toEqual({
      kind: 'bank_review.documents',
      holderOrganizationId: bank.organizationId,
      waitId: 'bank_review.documents#3',
      since: '1405/07/11 10:00',
      deadline: '1405/07/19 10:00',
      workingDaysWaited: 2,
    });
  });

  it('the bank’s next step is a new wait, with the category’s own deadline', () => {
    const next = renumber([...answered, ...trail(['checkDocuments', 'bank_review', '1405/07/15 11:00'])]);
    expect(shown(currentWait(application('bank_review', 'credit_assessment'), next, policy, tehran('1405/07/15 12:00')))).toMatchObject({
      kind: 'bank_review.credit_assessment',
      waitId: 'bank_review.credit_assessment#6',
      since: '1405/07/15 11:00',
      deadline: '1405/07/18 11:00',
      workingDaysWaited: 0,
    });
  });

  it('a reassignment while the agency answers starts the new bank at the first review step, the old bank’s stopped clock dropped', () => {
    const reassigned = renumber([...asked, ...trail(['reassign', 'bank_review', '1405/07/14 10:00'])]);
    expect(shown(currentWait(application('bank_review', 'acknowledge'), reassigned, policy, tehran('1405/07/15 10:00')))).toEqual({
      kind: 'bank_review.acknowledge',
      holderOrganizationId: bank.organizationId,
      waitId: 'bank_review.acknowledge#5',
      since: '1405/07/14 10:00',
      deadline: '1405/07/20 10:00',
      workingDaysWaited: 1,
    });
  });

  it('days an official added count for the wait they were granted to, and for no other', () => {
    const now = tehran('1405/07/15 10:00');
    const extended = (extensionWaitId: string) => ({ ...application('bank_review', 'documents'), extensionWaitId, extensionDays: 2 });
    expect(shown(currentWait(extended('bank_review.documents#3'), answered, policy, now))?.deadline).toBe('1405/07/21 10:00');
    expect(shown(currentWait(extended('bank_review.acknowledge#2'), answered, policy, now))?.deadline).toBe('1405/07/19 10:00');
  });

  it('the trail’s order does not matter, only its sequence numbers', () => {
    const now = tehran('1405/07/15 10:00');
    expect(currentWait(application('bank_review', 'documents'), [...answered].reverse(), policy, now)).toEqual(
      currentWait(application('bank_review', 'documents'), answered, policy, now),
    );
  });

  it('a trail that starts at its last step no clock carries across gives the same wait as the whole trail', () => {
    const carrying: readonly string[] = clockCarryingSteps;
    const fromLastPlainStep = (rows: TrailStep[]) => rows.slice(Math.max(...rows.map((r, i) => (carrying.includes(r.step) ? 0 : i))));
    const now = tehran('1405/07/15 10:00');
    for (const [rows, app] of [
      [answered, application('bank_review', 'documents')],
      [asked, application('information_requested', 'documents')],
      [referred, application('bank_review', 'documents')],
    ] as const) {
      expect(fromLastPlainStep(rows).length).toBeLessThan(rows.length);
      expect(currentWait(app, fromLastPlainStep(rows), policy, now)).toEqual(currentWait(app, rows, policy, now));
    }
  });

  it('without a policy the wait has its start but no deadline; nobody waits on a final stage or an empty trail', () => {
    expect(shown(currentWait(application('bank_review', 'documents'), answered, undefined, new Date()))).toMatchObject({
      waitId: 'bank_review.documents#3',
      deadline: null,
      workingDaysWaited: null,
    });
    expect(currentWait(application('rejected'), answered, policy, new Date())).toBeNull();
    expect(currentWait(application('bank_review', 'documents'), [], policy, new Date())).toBeNull();
  });
});
