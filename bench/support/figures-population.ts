import type pg from 'pg';
import { categories, districts, rejectionReasons } from '../../domain/vocabulary';
import { nationalIdFor } from '../../support/national-ids';
import { seededRandom } from '../../support/seeded-random';

/**
 * A county's worth of applications for the figures bench, written straight into PostgreSQL:
 * each walked through a random but lawful path of the state machine, as the figures test's
 * population (test/api/support/figures/population.ts) does for hundreds, but generated here in
 * columns and inserted with `unnest` in batches, so 100,000 applications take seconds, not the
 * minutes Prisma's createMany needs. Steps stop at `until`: cases submitted lately are still
 * open, as in a live county. Seeded, so every run measures the same rows.
 */
export interface PopulationPlan {
  count: number;
  seed: number;
  agencies: string[];
  banks: string[];
  /** First submission. */
  from: Date;
  /** Nothing happens at or after this instant. */
  until: Date;
}

export interface PopulationCounts {
  applications: number;
  steps: number;
  disbursements: number;
  escalations: number;
}

function generator(seed: number) {
  const random = seededRandom(seed);
  // A few big organizations and many small ones, as in the county.
  return { ...random, skewed: <T>(items: readonly T[]): T => items[Math.floor(random.next() ** 1.6 * items.length)]! };
}

type Column = [name: string, type: string];

/** Rows of one table kept as columns, inserted in one statement per batch. */
class Batch {
  private values: unknown[][];
  inserted = 0;
  constructor(
    private readonly table: string,
    private readonly columns: Column[],
  ) {
    this.values = columns.map(() => []);
  }
  add(...row: unknown[]): void {
    row.forEach((value, i) => this.values[i]!.push(value));
  }
  get size(): number {
    return this.values[0]!.length;
  }
  async flush(client: pg.Client): Promise<void> {
    if (this.size === 0) return;
    const names = this.columns.map(([name]) => `"${name}"`).join(', ');
    const arrays = this.columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
    await client.query(`INSERT INTO "${this.table}" (${names}) SELECT * FROM unnest(${arrays})`, this.values);
    this.inserted += this.size;
    this.values = this.columns.map(() => []);
  }
}

const HOUR = 3_600_000;

export async function seedFiguresPopulation(client: pg.Client, plan: PopulationPlan): Promise<PopulationCounts> {
  const random = generator(plan.seed);
  const applicants = new Batch('applicants', [['id', 'text'], ['national_id', 'text'], ['full_name', 'text'], ['phone', 'text'], ['address', 'text'], ['district', 'text'], ['created_at', 'timestamptz']]);
  const applications = new Batch('applications', [
    ['id', 'text'], ['workflow_id', 'text'], ['agency_id', 'text'], ['agency_reference', 'text'], ['applicant_id', 'text'],
    ['requested_amount', 'numeric'], ['purpose', 'text'], ['jobs_committed', 'int'], ['district', 'text'], ['stage', 'text'],
    ['review_step', 'text'], ['category', 'text'], ['bank_id', 'text'], ['approved_amount', 'numeric'], ['rejection_reason', 'text'],
    ['disbursed_amount', 'numeric'], ['jobs_confirmed', 'int'], ['last_sequence', 'int'], ['submitted_at', 'timestamptz'],
    ['updated_at', 'timestamptz'], ['closed_at', 'timestamptz'],
  ]);
  const steps = new Batch('application_steps', [['application_id', 'text'], ['sequence', 'int'], ['step', 'text'], ['stage_after', 'text'], ['actor_org_id', 'text'], ['actor_role', 'text'], ['data', 'jsonb'], ['occurred_at', 'timestamptz']]);
  const disbursements = new Batch('disbursements', [['application_id', 'text'], ['tranche_number', 'int'], ['amount', 'numeric'], ['payment_reference', 'text'], ['paid_at', 'timestamptz']]);
  const escalations = new Batch('escalations', [['application_id', 'text'], ['escalation_key', 'text'], ['step', 'text'], ['level', 'text'], ['holder_org_id', 'text'], ['waiting_since', 'timestamptz'], ['deadline', 'timestamptz'], ['created_at', 'timestamptz']]);
  const start = plan.from.getTime();
  const until = plan.until.getTime();
  // Submissions stop a month before the end, so the last ones have had time to move on.
  const lastSubmission = until - 30 * 24 * HOUR;

  for (let i = 0; i < plan.count; i++) {
    const id = `bench-${plan.seed}-${i}`;
    const agencyId = random.skewed(plan.agencies);
    const district = random.pick(districts);
    // 500 million to 20 billion rials, the range of the county's employment loans.
    const requested = BigInt(random.int(50, 2_000)) * 10_000_000n;
    const jobsCommitted = random.int(1, 12);
    const submittedAt = start + random.int(0, lastSubmission - start);
    let at = submittedAt;
    let sequence = 0;
    const app = {
      stage: 'categorization', reviewStep: null as string | null, category: null as string | null, bankId: null as string | null,
      district, approved: null as bigint | null, rejectionReason: null as string | null, paid: 0n, jobsConfirmed: null as number | null,
    };
    /** Takes the step unless it would happen after the end: then the case waits where it is. */
    const step = (name: string, stageAfter: string, actor: string | null, role: string | null, data: object = {}): boolean => {
      const when = sequence === 0 ? at : at + random.int(1, 400) * HOUR + random.int(0, HOUR - 1);
      if (when >= until) return false;
      at = when;
      sequence += 1;
      steps.add(id, sequence, name, stageAfter, actor, role, JSON.stringify(data), new Date(at).toISOString());
      app.stage = stageAfter;
      return true;
    };
    /** A wait that overran its deadline: a reminder, and for most the governor's office after it. */
    const escalate = (holder: string, waitingFor: string) => {
      const levels = random.chance(0.6) ? (random.chance(0.2) ? ['reminder', 'governors_office', 'province'] : ['reminder', 'governors_office']) : ['reminder'];
      levels.forEach((level, rung) => {
        const createdAt = Math.min(at + (rung + 1) * random.int(48, 200) * HOUR, until - 1);
        escalations.add(id, `${id}/${sequence}:${waitingFor}/${level}/0`, waitingFor, level, holder, new Date(at).toISOString(), new Date(at + 72 * HOUR).toISOString(), new Date(createdAt).toISOString());
      });
    };
    const agency = (name: string, stageAfter: string, data?: object) => step(name, stageAfter, agencyId, 'agency', data);

    step('submit', 'categorization', agencyId, 'agency', { applicant: { fullName: `Applicant ${i}`, phone: '+989111234567', address: 'Lahijan', district }, requestedAmount: requested.toString(), jobsCommitted });
    walk: {
      for (let returns = 0; returns < 2 && random.chance(0.2); returns++) {
        if (!agency('returnForDocuments', 'returned_for_documents', { missing: ['guarantee'] })) break walk;
        if (random.chance(0.15)) {
          escalate(agencyId, 'returned_for_documents');
          break walk;
        }
        if (!agency('resubmitDocuments', 'categorization')) break walk;
      }
      if (random.chance(0.06)) {
        if (random.chance(0.5)) escalate(agencyId, 'categorization');
        break walk;
      }
      if (random.chance(0.08)) { agency('declareIneligible', 'ineligible', { reason: 'outside_program_scope' }); break walk; }
      if (random.chance(0.05)) { agency('withdraw', 'withdrawn'); break walk; }
      const bankId = random.skewed(plan.banks);
      const category = random.pick(categories);
      // Categorizing may correct the district the application was submitted with.
      const correctedDistrict = random.chance(0.05) ? random.pick(districts) : district;
      if (!agency('categorize', 'bank_review', { category, bankId, district: correctedDistrict })) break walk;
      Object.assign(app, { bankId, category, district: correctedDistrict, reviewStep: 'acknowledge' });
      const bank = (name: string, stageAfter: string, data?: object) => step(name, stageAfter, bankId, 'bank', data);
      if (random.chance(0.25)) escalate(bankId, 'bank_review.acknowledge');
      if (random.chance(0.04) || !bank('acknowledgeReceipt', 'bank_review')) break walk;
      app.reviewStep = 'documents';
      for (const [taken, nextReview] of [['checkDocuments', 'credit_assessment'], ['assessCredit', 'decision'], ['approve', null]] as const) {
        if (random.chance(0.04)) {
          if (random.chance(0.4)) escalate(bankId, `bank_review.${app.reviewStep}`);
          break walk;
        }
        if (random.chance(0.12)) {
          if (!bank('requestInformation', 'information_requested', { question: 'payslips' })) break walk;
          if (random.chance(0.3) || !agency('answerInformationRequest', 'bank_review')) break walk;
        }
        if (random.chance(0.08)) {
          const reason = random.pick(rejectionReasons);
          if (bank('reject', 'rejected', { reason })) Object.assign(app, { rejectionReason: reason, reviewStep: null });
          break walk;
        }
        if (random.chance(0.02)) {
          if (agency('withdraw', 'withdrawn')) app.reviewStep = null;
          break walk;
        }
        const approvedAmount = (requested * BigInt(random.int(50, 100))) / 100n;
        if (!bank(taken, taken === 'approve' ? 'disbursement' : 'bank_review', taken === 'approve' ? { amount: approvedAmount.toString() } : {})) break walk;
        if (taken === 'approve') app.approved = approvedAmount;
        app.reviewStep = nextReview;
      }
      if (random.chance(0.08) || !bank('signContract', 'disbursement', { contractNumber: `C-${i}` })) break walk;
      const approved = app.approved!;
      const tranches = random.int(0, 3);
      for (let n = 1; n <= tranches; n++) {
        // The last tranche pays the rest when the application is to be paid in full.
        const amount = n === tranches && random.chance(0.75) ? approved - app.paid : (approved - app.paid) / BigInt(random.int(2, 4));
        if (amount <= 0n) break;
        const paidInFull = app.paid + amount === approved;
        if (!bank('disburseTranche', paidInFull ? 'awaiting_follow_up' : 'disbursement', { tranche: n, amount: amount.toString() })) break walk;
        app.paid += amount;
        disbursements.add(id, n, amount.toString(), `PAY-${id}-${n}`, new Date(at).toISOString());
      }
      if (app.stage !== 'awaiting_follow_up' || random.chance(0.2)) break walk;
      if (!step('openFollowUp', 'employment_follow_up', null, null)) break walk;
      if (random.chance(0.3)) {
        if (random.chance(0.5)) escalate(agencyId, 'employment_follow_up');
        break walk;
      }
      const jobsConfirmed = random.int(0, jobsCommitted + 2);
      if (agency('confirmJobs', 'closed', { jobsConfirmed })) app.jobsConfirmed = jobsConfirmed;
    }

    const final = ['closed', 'rejected', 'ineligible', 'withdrawn'].includes(app.stage);
    applicants.add(id, nationalIdFor(i), `Applicant ${i}`, '+989111234567', 'Lahijan', district, new Date(submittedAt).toISOString());
    applications.add(
      id, `loan-application-${id}`, agencyId, `BENCH-${i}`, id, requested.toString(), 'seeded for the figures bench', jobsCommitted, app.district, app.stage,
      app.stage === 'bank_review' || app.stage === 'information_requested' ? app.reviewStep : null, app.category, app.bankId,
      app.approved?.toString() ?? null, app.rejectionReason, app.paid.toString(), app.jobsConfirmed, sequence,
      new Date(submittedAt).toISOString(), new Date(at).toISOString(), final ? new Date(at).toISOString() : null,
    );
    // Parents before children, for the foreign keys.
    if (applications.size >= 5_000 || i === plan.count - 1) {
      for (const batch of [applicants, applications, steps, disbursements, escalations]) await batch.flush(client);
    }
  }
  // As autovacuum would leave a live county: statistics for the planner, and the visibility map
  // that lets index-only scans skip the table (application_steps is append-only).
  await client.query('VACUUM ANALYZE applicants, applications, application_steps, disbursements, escalations');
  return { applications: applications.inserted, steps: steps.inserted, disbursements: disbursements.inserted, escalations: escalations.inserted };
}
