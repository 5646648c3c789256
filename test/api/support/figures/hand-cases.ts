import type { PrismaClient } from '../../../../generated/prisma/client';
import { tehran } from '../../../domain/calendar/tehran';

/**
 * A bank with a handful of cases whose step times can be worked out by hand (Fridays off, and
 * 1405/10/02 a public holiday), written straight into the database. Times are Tehran times.
 *
 * The bank's acknowledgement (categorize → acknowledgeReceipt), in working days:
 *   Fri 08/15 15:00 → Sat 08/16 12:00   0.5   (begun on a day off: counts from Saturday 00:00)
 *   Sat 08/16 10:00 → Sun 08/17 10:00   1
 *   Wed 08/20 09:00 → Thu 08/21 09:00   1
 *   Wed 08/13 10:00 → Sat 08/16 10:00   2     (Thursday's 14 hours and Saturday's 10; Friday off)
 *   Wed 08/20 10:00 → Sat 08/23 10:00   2
 *   Sat 08/23 10:00 → Tue 08/26 22:00   3.5
 *   Tue 10/01 12:00 → Mon 10/07 12:00   4     (Wednesday 10/02 a holiday, Friday off)
 * sorted 0.5, 1, 1, 2, 2, 3.5, 4: median the 4th, 2; 90th percentile at rank 0.9 × 6 = 5.4
 * (counting from 0), 0.4 of the way from 3.5 to 4 = 3.7.
 * Its documents (acknowledgeReceipt → checkDocuments), with an information request answered
 * between: Sat 08/16 10:00 → request Sun 08/17 10:00 (1 day the bank's) → answer Tue 08/19
 * 10:00 (the agency's) → checkDocuments Wed 08/20 16:00 (1.25 the bank's): 2.25.
 *
 * Stalled now: two cases. One waits for its acknowledgement with a notice about that wait; one
 * waits for its documents check after an answered request, the notice naming the time the wait
 * began. A third has a notice about its acknowledgement but has moved on to its documents.
 */
export const handBank = { id: 'org-bank-tiny', kind: 'bank' as const, name: 'Tiny test bank', nameFa: 'بانک آزمایشی' };
export const handExpected = {
  acknowledge: { waits: 7, median: 2, p90: 3.7 },
  documents: { waits: 1, median: 2.25, p90: 2.25 },
  stalledNow: 2,
};
/** A period that holds every hand case (Gregorian dates, Tehran midnights). */
export const handPeriod = 'from=2026-11-01&to=2027-01-01';

type Step = [name: string, stageAfter: string, at: string];
interface HandCase { steps: Step[]; stage: string; reviewStep: string | null; notice?: { kind: string; since: string } }

const categorized = (at: string): Step => ['categorize', 'bank_review', at];
const acknowledged = (at: string): Step => ['acknowledgeReceipt', 'bank_review', at];
const cases: HandCase[] = [
  { steps: [categorized('1405/08/15 15:00'), acknowledged('1405/08/16 12:00')], stage: 'bank_review', reviewStep: 'documents' },
  { steps: [categorized('1405/08/16 10:00'), acknowledged('1405/08/17 10:00')], stage: 'bank_review', reviewStep: 'documents' },
  {
    steps: [categorized('1405/08/13 10:00'), acknowledged('1405/08/16 10:00'), ['requestInformation', 'information_requested', '1405/08/17 10:00'],
      ['answerInformationRequest', 'bank_review', '1405/08/19 10:00'], ['checkDocuments', 'bank_review', '1405/08/20 16:00']],
    stage: 'bank_review', reviewStep: 'credit_assessment',
  },
  { steps: [categorized('1405/08/20 10:00'), acknowledged('1405/08/23 10:00')], stage: 'bank_review', reviewStep: 'documents', notice: { kind: 'bank_review.acknowledge', since: '1405/08/20 10:00' } },
  { steps: [categorized('1405/08/23 10:00'), acknowledged('1405/08/26 22:00')], stage: 'bank_review', reviewStep: 'documents' },
  { steps: [categorized('1405/10/01 12:00'), acknowledged('1405/10/07 12:00')], stage: 'bank_review', reviewStep: 'documents' },
  // Stalled: no acknowledgement yet, and a notice about that wait.
  { steps: [categorized('1405/08/20 11:00')], stage: 'bank_review', reviewStep: 'acknowledge', notice: { kind: 'bank_review.acknowledge', since: '1405/08/20 11:00' } },
  // Stalled: the documents check resumed after an answer; its notice names the wait's start.
  {
    steps: [categorized('1405/08/20 09:00'), acknowledged('1405/08/21 09:00'), ['requestInformation', 'information_requested', '1405/08/21 10:00'],
      ['answerInformationRequest', 'bank_review', '1405/08/21 11:00']],
    stage: 'bank_review', reviewStep: 'documents', notice: { kind: 'bank_review.documents', since: '1405/08/21 09:00' },
  },
];

export async function seedHandCases(prisma: PrismaClient, agencyId: string, district: string): Promise<void> {
  await prisma.organization.create({ data: handBank });
  for (const [i, c] of cases.entries()) {
    const id = `hand-${i}`;
    const submitted = new Date(tehran(c.steps[0]![2]).getTime() - 3_600_000);
    await prisma.applicant.create({ data: { id, nationalId: '0013542419', fullName: `Hand ${i}`, phone: '+989111234567', address: 'Lahijan', district } });
    await prisma.application.create({
      data: {
        id, workflowId: `loan-application-${id}`, agencyId, agencyReference: `HAND-${i}`, applicantId: id, requestedAmount: '1000000', purpose: 'hand',
        jobsCommitted: 1, district, category: 'services', stage: c.stage, reviewStep: c.reviewStep, bankId: handBank.id,
        lastSequence: c.steps.length + 1, submittedAt: submitted, updatedAt: tehran(c.steps[c.steps.length - 1]![2]),
      },
    });
    await prisma.applicationStep.createMany({
      data: [['submit', 'categorization', ''] as const, ...c.steps].map(([step, stageAfter, at], n) => ({
        applicationId: id, sequence: n + 1, step, stageAfter, data: {}, occurredAt: at ? tehran(at) : submitted,
      })),
    });
    if (c.notice) {
      await prisma.escalation.create({
        data: {
          applicationId: id, escalationKey: `${id}:${c.notice.kind}`, step: c.notice.kind, level: 'reminder', holderOrgId: handBank.id,
          waitingSince: tehran(c.notice.since), deadline: tehran('1405/08/28 10:00'), createdAt: tehran('1405/08/28 10:00'),
        },
      });
    }
  }
}
