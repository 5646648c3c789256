import type { Period } from '../../domain/figures/period';
import type { PrismaClient } from '../../generated/prisma/client';
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
  shareOfCountyJobsConfirmed: string;
}

type Counted = Omit<AgencyCounts, 'shareOfCountyJobsConfirmed'>;
interface SubmittedRow { org: string | null; submitted: number; jobsPromised: number; jobsConfirmed: number }
interface StepRow { org: string | null; categorized: number; returnedForDocuments: number; ineligible: number; withdrawn: number }
interface WaitingRow { org: string | null; waitingNow: number }

export async function agencyFigures(prisma: PrismaClient, period: Period) {
  const { from, to } = period;
  const [agencies, submitted, steps, waiting] = await Promise.all([
    organizationsOfKind(prisma, ['agency', 'support_institution']),
    // Jobs are those of the applications submitted in the period, promised and (so far) confirmed:
    // the gap between the two is what the working group asks about.
    prisma.$queryRaw<SubmittedRow[]>`
      SELECT agency_id AS org, count(*)::int AS submitted,
        sum(jobs_committed)::int AS "jobsPromised", coalesce(sum(jobs_confirmed), 0)::int AS "jobsConfirmed"
      FROM applications WHERE submitted_at >= ${from} AND submitted_at < ${to} GROUP BY agency_id`,
    prisma.$queryRaw<StepRow[]>`
      SELECT a.agency_id AS org,
        count(*) FILTER (WHERE s.step = 'categorize')::int AS categorized,
        count(*) FILTER (WHERE s.step = 'returnForDocuments')::int AS "returnedForDocuments",
        count(*) FILTER (WHERE s.step = 'declareIneligible')::int AS ineligible,
        count(*) FILTER (WHERE s.step = 'withdraw')::int AS withdrawn
      FROM application_steps s JOIN applications a ON a.id = s.application_id
      WHERE s.occurred_at >= ${from} AND s.occurred_at < ${to}
        AND s.step IN ('categorize', 'returnForDocuments', 'declareIneligible', 'withdraw')
      GROUP BY a.agency_id`,
    // The stages in which the case waits for its agency, whatever the period.
    prisma.$queryRaw<WaitingRow[]>`
      SELECT agency_id AS org, count(*)::int AS "waitingNow" FROM applications
      WHERE stage IN ('categorization', 'returned_for_documents', 'information_requested', 'employment_follow_up')
      GROUP BY agency_id`,
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
    };
    return { ...agency, ...counts };
  });
  const county = totals(counted);
  const rows = counted.map((row) => ({ ...row, shareOfCountyJobsConfirmed: share(row.jobsConfirmed, county.jobsConfirmed) }));
  return {
    period: periodOf(period),
    organizations: rows,
    county: { ...county, shareOfCountyJobsConfirmed: share(county.jobsConfirmed, county.jobsConfirmed) },
  };
}

function totals(rows: Counted[]): Counted {
  const keys = ['submitted', 'categorized', 'returnedForDocuments', 'ineligible', 'withdrawn', 'waitingNow', 'jobsPromised', 'jobsConfirmed'] as const;
  return Object.fromEntries(keys.map((k) => [k, rows.reduce((sum, row) => sum + row[k], 0)])) as unknown as Counted;
}
