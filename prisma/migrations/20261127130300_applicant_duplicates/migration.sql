-- Applicants already known to the county: at submission, each other application of the same
-- national id that is open, or had a tranche paid within DUPLICATE_FACILITY_YEARS, is recorded
-- against the new one, in the submission's own transaction (activities/duplicate-applicants.ts).
-- The finding is the database's at submission time and is never rewritten.
CREATE TABLE "applicant_duplicates" (
    "application_id" TEXT NOT NULL,
    "earlier_application_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "found_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "applicant_duplicates_pkey" PRIMARY KEY ("application_id", "earlier_application_id")
);
CREATE INDEX "applicant_duplicates_earlier_application_id_idx" ON "applicant_duplicates"("earlier_application_id");
ALTER TABLE "applicant_duplicates" ADD CONSTRAINT "applicant_duplicates_application_id_fkey"
    FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "applicant_duplicates" ADD CONSTRAINT "applicant_duplicates_earlier_application_id_fkey"
    FOREIGN KEY ("earlier_application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- open: the earlier case is still running; paid: it had a tranche paid within the years.
ALTER TABLE "applicant_duplicates" ADD CONSTRAINT "applicant_duplicates_kind_known" CHECK ("kind" IN ('open', 'paid'));
ALTER TABLE "applicant_duplicates" ADD CONSTRAINT "applicant_duplicates_not_itself" CHECK ("application_id" <> "earlier_application_id");
