import type { DatabaseShape } from './database-shape';

/**
 * What the migrations build that schema.prisma cannot say: CHECK constraints and triggers.
 * The drift test expects exactly these besides what schema.prisma declares, so a guard dropped,
 * renamed or added in a migration without a line here fails it, like a forgotten @@index would.
 */
export const declaredChecks: Record<string, string[]> = {
  applications: [
    'applications_requested_amount_positive (requested_amount)',
    'applications_approved_amount_positive (approved_amount)',
    'applications_disbursed_amount_within_approved (approved_amount,disbursed_amount)',
    'applications_jobs_committed_positive (jobs_committed)',
    'applications_jobs_confirmed_not_negative (jobs_confirmed)',
  ],
  disbursements: ['disbursements_amount_positive (amount)'],
  lending_allocations: ['lending_allocations_amount_not_negative (amount)'],
  jobs_targets: ['jobs_targets_jobs_not_negative (jobs)'],
  case_notes: ['case_notes_kind_check (kind)', 'case_notes_number_check (number)'],
  applicant_duplicates: ['applicant_duplicates_kind_known (kind)', 'applicant_duplicates_not_itself (application_id,earlier_application_id)'],
  attachment_blobs: ['attachment_blobs_content_type_check (content_type)', 'attachment_blobs_sha256_check (sha256)', 'attachment_blobs_size_check (bytes,size)'],
};

/** Append-only tables: a repair may change them only with `SET LOCAL loan.audit_repair = 'on'`. */
export const auditTables = ['application_steps', 'escalations', 'projection_repairs', 'allocation_changes', 'email_interventions', 'refused_steps', 'case_notes'];

const appendOnlyTriggers = (table: string) => [
  `${table}_append_only BEFORE UPDATE OR DELETE FOR EACH ROW refuse_audit_trail_change()`,
  `${table}_no_truncate BEFORE TRUNCATE FOR EACH STATEMENT refuse_audit_trail_change()`,
];

/** `shape` (from schema.prisma) with the declared guards of the tables it has. */
export function withDeclaredGuards(shape: DatabaseShape): DatabaseShape {
  for (const [name, table] of Object.entries(shape.tables)) {
    table.checks = [...(declaredChecks[name] ?? [])].sort();
    // projection_repairs gets its trigger only where its model (and migration) exists.
    table.triggers = auditTables.includes(name) ? appendOnlyTriggers(name).sort() : [];
  }
  return shape;
}
