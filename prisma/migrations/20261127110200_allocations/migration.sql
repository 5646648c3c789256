-- Each bank's annual lending allocation and each agency's or support institution's annual jobs
-- target, per Jalali year, set by an admin; and the log of every change to them. An approval
-- takes a row lock on its bank's allocation for the year, so two approvals at one bank are
-- checked against the allocation one after the other (activities/lending-limit.ts).
CREATE TABLE "lending_allocations" (
    "year" INTEGER NOT NULL,
    "bank_id" TEXT NOT NULL,
    "amount" DECIMAL(38,0) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "lending_allocations_pkey" PRIMARY KEY ("year", "bank_id")
);
ALTER TABLE "lending_allocations" ADD CONSTRAINT "lending_allocations_bank_id_fkey"
    FOREIGN KEY ("bank_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "jobs_targets" (
    "year" INTEGER NOT NULL,
    "organization_id" TEXT NOT NULL,
    "jobs" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_by" TEXT NOT NULL,

    CONSTRAINT "jobs_targets_pkey" PRIMARY KEY ("year", "organization_id")
);
ALTER TABLE "jobs_targets" ADD CONSTRAINT "jobs_targets_organization_id_fkey"
    FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "allocation_changes" (
    "id" BIGSERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "organization_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "old_value" TEXT,
    "new_value" TEXT NOT NULL,
    "changed_by" TEXT NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "allocation_changes_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "allocation_changes_year_organization_id_idx" ON "allocation_changes"("year", "organization_id");
ALTER TABLE "allocation_changes" ADD CONSTRAINT "allocation_changes_organization_id_fkey"
    FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The same guards as the other tables: amounts and jobs are never negative, and the log of
-- changes is append-only (test/db/database-guards.ts declares them for the drift test).
ALTER TABLE "lending_allocations" ADD CONSTRAINT "lending_allocations_amount_not_negative" CHECK ("amount" >= 0);
ALTER TABLE "jobs_targets" ADD CONSTRAINT "jobs_targets_jobs_not_negative" CHECK ("jobs" >= 0);
CREATE TRIGGER "allocation_changes_append_only" BEFORE UPDATE OR DELETE ON "allocation_changes"
    FOR EACH ROW EXECUTE FUNCTION "refuse_audit_trail_change"();
CREATE TRIGGER "allocation_changes_no_truncate" BEFORE TRUNCATE ON "allocation_changes"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_trail_change"();
