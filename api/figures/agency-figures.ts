import type { Period } from '../../domain/figures/period';
import type { PrismaClient } from '../../generated/prisma/client';
import { type FiguresFilters, filtersGiven, whereApplications } from './filters';
import { byOrganization, organizationsOfKind, periodOf, share } from './organizations';

/** Per agency and support institution: what it submitted and did, and the jobs promised and confirmed. */
export interface AgencyCounts {
  submitted: number;
  categorized: number;
  returnedForDocuments: number;
  ineligible: number;
  withdrawn: number;
  waitingNow: number;
  jobsPromised: number;
  jobsConfirmed: number;
  /** Applications whose jobs were confirmed at follow-up, and the jobs those promised: the gap like for like. */
  followedUp: number;
  jobsPromisedFollowedUp: number;
  shareOfCountyJobsConfirmed: string;
}

type Counted = Omit<AgencyCounts, 'shareOfCountyJobsConfirmed'>;
interface SubmittedRow { org: string | null; submitted: number; jobsPromised: number; jobsConfirmed: number; followedUp: number; jobsPromisedFollowedUp: number }
interface StepRow { org: string | null; categorized: number; returnedForDocuments: number; ineligible: number; withdrawn: number }
interface WaitingRow { org: string | null; waitingNow: number }

export async function agencyFigures(prisma: PrismaClient, period: Period, filters: FiguresFilters = {}) {
  const { from, to } = period;
  const only = whereApplications(filters);
  const [agencies, submitted, steps, waiting] = await Promise.all([
    organizationsOfKind(prisma, ['agency', 'support_institution']),
    // Jobs are those of the applications submitted in the period, promised and (so far) confirmed:
    // the gap between the two is what the working group asks about.
    prisma.$queryRaw<SubmittedRow[]>`
      SELECT a.agency_id AS org, count(*)::int AS submitted,
        sum(a.jobs_committed)::int AS "jobsPromised", coalesce(sum(a.jobs_confirmed), 0)::int AS "jobsConfirmed",
        count(a.jobs_confirmed)::int AS "followedUp",
        coalesce(sum(a.jobs_committed) FILTER (WHERE a.jobs_confirmed IS NOT NULL), 0)::int AS "jobsPromisedFollowedUp"
      FROM applications a WHERE a.submitted_at >= ${from} AND a.submitted_at < ${to} ${only} GROUP BY a.agency_id`,
    prisma.$queryRaw<StepRow[]>`
      SELECT a.agency_id AS org,
        count(*) FILTER (WHERE s.step = 'categorize')::int AS categorized,
        count(*) FILTER (WHERE s.step = 'returnForDocuments')::int AS "returnedForDocuments",
        count(*) FILTER (WHERE s.step = 'declareIneligible')::int AS ineligible,
        count(*) FILTER (WHERE s.step = 'withdraw')::int AS withdrawn
      FROM application_steps s JOIN applications a ON a.id = s.application_id
      WHERE s.occurred_at >= ${from} AND s.occurred_at < ${to}
        AND s.step IN ('categorize', 'returnForDocuments', 'declareIneligible', 'withdraw') ${only}
      GROUP BY a.agency_id`,
    // The stages in which the case waits for its agency, whatever the period.
    prisma.$queryRaw<WaitingRow[]>`
      SELECT a.agency_id AS org, count(*)::int AS "waitingNow" FROM applications a
      WHERE a.stage IN ('categorization', 'returned_for_documents', 'information_requested', 'employment_follow_up') ${only}
      GROUP BY a.agency_id`,
  ]);
  const submittedOf = byOrganization(submitted);
  const stepsOf = byOrganization(steps);
  const waitingOf = byOrganization(waiting);
  const counted = agencies.map((agency) => {
    const a = submittedOf.get(agency.organizationId);
    const s = stepsOf.get(agency.organizationId);
    const counts: Counted = {
      submitted: a?.submitted ?? 0,
      categorized: s?.categorized ?? 0,
      returnedForDocuments: s?.returnedForDocuments ?? 0,
      ineligible: s?.ineligible ?? 0,
      withdrawn: s?.withdrawn ?? 0,
      waitingNow: waitingOf.get(agency.organizationId)?.waitingNow ?? 0,
      jobsPromised: a?.jobsPromised ?? 0,
      jobsConfirmed: a?.jobsConfirmed ?? 0,
      followedUp: a?.followedUp ?? 0,
      jobsPromisedFollowedUp: a?.jobsPromisedFollowedUp ?? 0,
    };
    return { ...agency, ...counts };
  });
  const county = totals(counted);
  const rows = counted.map((row) => ({ ...row, shareOfCountyJobsConfirmed: share(row.jobsConfirmed, county.jobsConfirmed) }));
  return {
    period: periodOf(period),
    filters: filtersGiven(filters),
    organizations: rows,
    county: { ...county, shareOfCountyJobsConfirmed: share(county.jobsConfirmed, county.jobsConfirmed) },
  };
}

function totals(rows: Counted[]): Counted {
  const keys = ['submitted', 'categorized', 'returnedForDocuments', 'ineligible', 'withdrawn', 'waitingNow', 'jobsPromised', 'jobsConfirmed', 'followedUp', 'jobsPromisedFollowedUp'] as const;
  return Object.fromEntries(keys.map((k) => [k, rows.reduce((sum, row) => sum + row[k], 0)])) as unknown as Counted;
}
