import { tehran } from '../../../domain/calendar/tehran';
import type { PrismaClient } from '../../../../generated/prisma/client';
import { categories, districts, rejectionReasons } from '../../../../domain/vocabulary';
import { seededRandom } from '../../../../support/seeded-random';

/**
 * A county's worth of applications written straight into the database, each walked through a
 * random but lawful path of the state machine: its steps in order with rising times spread
 * over 1404 and 1405, its tranches, its escalations, and its row as the projection leaves it.
 * Its district, and the category it is given when categorized, are drawn apart from its path.
 * Seeded, so a failure replays.
 */
export interface PopulationOrganizations {
  agencies: string[];
  banks: string[];
}

type Row = Record<string, unknown>;

export async function seedPopulation(prisma: PrismaClient, orgs: PopulationOrganizations, count: number, seed: number): Promise<void> {
  const random = seededRandom(seed);
  // A second stream for the labels, so the paths are those drawn before labels existed, and a
  // third for the notices about the bank's later waits.
  const labels = seededRandom(seed + 1);
  const ladder = seededRandom(seed + 2);
  const start = tehran('1404/01/01').getTime();
  const end = tehran('1405/12/01').getTime();
  const rows = { applicants: [] as Row[], applications: [] as Row[], steps: [] as Row[], disbursements: [] as Row[], escalations: [] as Row[] };

  for (let i = 0; i < count; i++) {
    const id = `pop-${seed}-${i}`;
    const agencyId = random.pick(orgs.agencies);
    // Amounts up to ~10^16 rials: the county's sums pass 2^53, where floats stop being exact.
    const requested = BigInt(random.int(1, 900_000)) * 10_000_000_000n + BigInt(random.int(0, 999_999_999));
    const jobsCommitted = random.int(1, 20);
    let at = start + random.int(0, end - start);
    let sequence = 0;
    const app: Row = {
      id, workflowId: `loan-application-${id}`, agencyId, agencyReference: `POP-${i}`, applicantId: id,
      requestedAmount: requested.toString(), purpose: 'seeded', jobsCommitted, district: labels.pick(districts), category: null,
      stage: 'categorization', reviewStep: null, bankId: null, approvedAmount: null, rejectionReason: null,
      disbursedAmount: '0', jobsConfirmed: null, submittedAt: new Date(at), closedAt: null,
    };
    const step = (name: string, stageAfter: string, actorOrgId: string | null) => {
      if (sequence > 0) at += random.int(1, 600) * 3_600_000 + random.int(0, 3_599_999);
      sequence += 1;
      rows.steps.push({ applicationId: id, sequence, step: name, stageAfter, actorOrgId, data: {}, occurredAt: new Date(at) });
      app.stage = stageAfter;
    };
    // A notice of the ladder about the wait that began at the last step (`where` is its wait kind).
    const escalate = (holder: string, where: string, stream = random) => {
      rows.escalations.push({
        applicationId: id, escalationKey: `${id}:${where}:${rows.escalations.length}`, step: where, level: 'governors_office',
        holderOrgId: holder, waitingSince: new Date(at), deadline: new Date(at + 86_400_000), createdAt: new Date(at + stream.int(1, 900) * 3_600_000),
      });
    };
    const finish = () => {
      rows.applicants.push({ id, nationalId: '0013542419', fullName: `Applicant ${i}`, phone: '+989111234567', address: 'Lahijan', district: app.district });
      rows.applications.push({ ...app, lastSequence: sequence, updatedAt: new Date(at), ...(['closed', 'rejected', 'ineligible', 'withdrawn'].includes(app.stage as string) ? { closedAt: new Date(at) } : {}) });
    };

    step('submit', 'categorization', agencyId);
    walk: {
      for (let returns = 0; returns < 2 && random.chance(0.2); returns++) {
        step('returnForDocuments', 'returned_for_documents', agencyId);
        if (random.chance(0.15)) break walk;
        step('resubmitDocuments', 'categorization', agencyId);
      }
      if (random.chance(0.1)) {
        if (random.chance(0.5)) escalate(agencyId, 'categorization');
        break walk;
      }
      if (random.chance(0.09)) { step('declareIneligible', 'ineligible', agencyId); break walk; }
      if (random.chance(0.07)) { step('withdraw', 'withdrawn', agencyId); break walk; }
      const bankId = random.pick(orgs.banks);
      app.bankId = bankId;
      app.category = labels.pick(categories);
      // Categorizing may correct the district the application was submitted with.
      if (labels.chance(0.1)) app.district = labels.pick(districts);
      step('categorize', 'bank_review', agencyId);
      app.reviewStep = 'acknowledge';
      if (random.chance(0.3)) escalate(bankId, 'bank_review.acknowledge');
      if (random.chance(0.08)) break walk;
      step('acknowledgeReceipt', 'bank_review', bankId);
      app.reviewStep = 'documents';
      if (ladder.chance(0.25)) escalate(bankId, 'bank_review.documents', ladder);
      for (const [taken, nextReview] of [['checkDocuments', 'credit_assessment'], ['assessCredit', 'decision'], ['approve', null]] as const) {
        if (random.chance(0.06)) break walk;
        if (random.chance(0.12)) {
          step('requestInformation', 'information_requested', bankId);
          if (random.chance(0.4)) break walk;
          step('answerInformationRequest', 'bank_review', agencyId);
        }
        if (random.chance(0.08)) {
          app.rejectionReason = random.pick(rejectionReasons);
          app.reviewStep = null;
          step('reject', 'rejected', bankId);
          break walk;
        }
        if (random.chance(0.03)) { app.reviewStep = null; step('withdraw', 'withdrawn', agencyId); break walk; }
        if (taken === 'approve') app.approvedAmount = ((requested * BigInt(random.int(50, 100))) / 100n).toString();
        app.reviewStep = nextReview;
        step(taken, taken === 'approve' ? 'disbursement' : 'bank_review', bankId);
        if (ladder.chance(0.25)) escalate(bankId, nextReview ? `bank_review.${nextReview}` : 'disbursement', ladder);
      }
      if (random.chance(0.1)) break walk;
      step('signContract', 'disbursement', bankId);
      if (ladder.chance(0.25)) escalate(bankId, 'disbursement', ladder);
      const approved = BigInt(app.approvedAmount as string);
      const tranches = random.int(0, 3);
      let paid = 0n;
      for (let n = 1; n <= tranches; n++) {
        // The last tranche pays the rest when the application is to be paid in full.
        const amount = n === tranches && random.chance(0.7) ? approved - paid : (approved - paid) / BigInt(random.int(2, 4));
        if (amount <= 0n) break;
        paid += amount;
        step('disburseTranche', paid === approved ? 'awaiting_follow_up' : 'disbursement', bankId);
        rows.disbursements.push({ applicationId: id, trancheNumber: n, amount: amount.toString(), paymentReference: `PAY-${id}-${n}`, paidAt: new Date(at) });
      }
      app.disbursedAmount = paid.toString();
      // Four eyes: a next tranche recorded by one clerk, not yet confirmed (no random draw, so the population stays as it was).
      if (app.stage === 'disbursement' && approved - paid >= 2n) {
        app.pendingTranche = { amount: ((approved - paid) / 2n).toString(), paymentReference: `PAY-${id}-pending`, recordedBy: { userId: `${bankId}-clerk`, organizationId: bankId, role: 'bank' }, recordedAt: new Date(at).toISOString(), note: 1 };
      }
      if (app.stage !== 'awaiting_follow_up' || random.chance(0.3)) break walk;
      step('openFollowUp', 'employment_follow_up', null);
      if (random.chance(0.4)) break walk;
      app.jobsConfirmed = random.int(0, jobsCommitted + 2);
      step('confirmJobs', 'closed', agencyId);
    }
    // Every seventh case left waiting at a bank's first step is reassigned by an official to the next bank
    // (no random draw, so the population stays as it was).
    if (i % 7 === 3 && app.stage === 'bank_review' && app.reviewStep === 'acknowledge' && orgs.banks.length > 1) {
      const fromBankId = app.bankId as string;
      const toBankId = orgs.banks[(orgs.banks.indexOf(fromBankId) + 1) % orgs.banks.length]!;
      at += 3_600_000;
      sequence += 1;
      rows.steps.push({ applicationId: id, sequence, step: 'reassign', stageAfter: 'bank_review', actorOrgId: null, data: { fromBankId, toBankId, reason: 'no_response' }, occurredAt: new Date(at) });
      app.bankId = toBankId;
    }
    finish();
  }

  await prisma.applicant.createMany({ data: rows.applicants as never });
  await prisma.application.createMany({ data: rows.applications as never });
  await prisma.applicationStep.createMany({ data: rows.steps as never });
  await prisma.disbursement.createMany({ data: rows.disbursements as never });
  await prisma.escalation.createMany({ data: rows.escalations as never });
}
