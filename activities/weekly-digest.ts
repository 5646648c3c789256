import { agencyFigures } from '../api/figures/agency-figures';
import { bankFigures } from '../api/figures/bank-figures';
import type { StalledCase } from '../api/workflow-gateway';
import type { Config } from '../config/config';
import { createWorkingCalendar, iranPublicHolidayDates, MS_PER_DAY } from '../domain/calendar';
import { weekEndedBefore } from '../domain/figures/week';
import type { PrismaClient } from '../generated/prisma/client';
import type { DigestStalledCase, WeeklyDigest } from '../mail/digest-email';
import type { Mailer } from '../mail/mailer';
import type { NotifyConfig } from './notify-stalled-case';

export type DigestConfig = NotifyConfig & Pick<Config, 'DIGEST_RECIPIENTS' | 'WEEKEND' | 'WORKING_DAY_SECONDS'>;

export interface DigestDependencies {
  prisma: PrismaClient;
  mailer: Mailer;
  config: DigestConfig;
  /** Every case past its deadline at `now`, the longest overdue first: the stalled-cases listing's source. */
  stalledCases: (now: Date) => Promise<StalledCase[]>;
}

/** How many stalled cases the digest lists by name. */
export const DIGEST_STALLED_CASES = 10;

/**
 * The week's county figures and the longest-stalled cases now. The week is the last whole one
 * before `asOf` (the run's start), so every run in the same week computes the same period; the
 * figures come from the figures API's own functions, the stalled cases from the same Temporal
 * visibility query as GET /stalled-cases.
 */
export async function computeWeeklyDigest(deps: DigestDependencies, input: { asOf: string }): Promise<WeeklyDigest> {
  const { prisma } = deps;
  const week = weekEndedBefore(new Date(input.asOf));
  const now = new Date();
  const [banks, agencies, escalations, stalled] = await Promise.all([
    bankFigures(prisma, week, {}, { timings: false }),
    agencyFigures(prisma, week),
    // Every escalation recorded in the week, whoever held the case (the banks' figures count theirs only).
    prisma.escalation.count({ where: { createdAt: { gte: week.from, lt: week.to } } }),
    deps.stalledCases(now),
  ]);
  return {
    week: { from: week.from.toISOString(), to: week.to.toISOString(), label: week.label },
    asOf: now.toISOString(),
    county: {
      submitted: agencies.county.submitted,
      approved: banks.county.approved,
      paid: banks.county.paid,
      rejectedByReason: banks.county.rejectedByReason,
      escalations,
      stalledNow: stalled.length,
    },
    longestStalled: await describeStalled(deps, stalled.slice(0, DIGEST_STALLED_CASES), now),
  };
}

/** What the digest shows of each case: its reference, holder and wait from the database. */
async function describeStalled({ prisma, config }: DigestDependencies, cases: StalledCase[], now: Date): Promise<DigestStalledCase[]> {
  const ids = cases.map((c) => c.applicationId);
  const holderIds = cases.flatMap((c) => (c.holdingOrganizationId ? [c.holdingOrganizationId] : []));
  const [applications, holders] = await Promise.all([
    prisma.application.findMany({ where: { id: { in: ids } }, select: { id: true, agencyReference: true, stage: true, reviewStep: true, updatedAt: true } }),
    prisma.organization.findMany({ where: { id: { in: holderIds } }, select: { id: true, name: true, nameFa: true } }),
  ]);
  const applicationOf = new Map(applications.map((a) => [a.id, a]));
  const holderOf = new Map(holders.map((h) => [h.id, h]));
  const dayLengthMs = config.WORKING_DAY_SECONDS * 1000;
  // The workflows' calendar: the real one's holidays, none in the test/demo mode's short days.
  const calendar = createWorkingCalendar({ weekend: config.WEEKEND, holidays: dayLengthMs === MS_PER_DAY ? iranPublicHolidayDates() : [] });
  return cases.map((c) => {
    const application = applicationOf.get(c.applicationId);
    const stage = application?.stage ?? c.stage;
    const holderId = c.holdingOrganizationId;
    return {
      applicationId: c.applicationId,
      agencyReference: application?.agencyReference ?? '',
      holder: holderId ? (holderOf.get(holderId) ?? { id: holderId, name: holderId, nameFa: '' }) : null,
      waitingFor: stage === 'bank_review' && application?.reviewStep ? `bank_review.${application.reviewStep}` : stage,
      // The wait began with the application's last transition.
      workingDaysWaited: application ? Math.max(0, calendar.workingDaysBetween(application.updatedAt, now, { dayLengthMs })) : 0,
      escalationLevel: c.escalationLevel,
    };
  });
}
