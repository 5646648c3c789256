-- The database's own guards: indexes for the listings, CHECK constraints on amounts and jobs,
-- and an append-only audit trail. CHECK constraints and triggers cannot be written in
-- schema.prisma; test/db/database-guards.ts declares them for the drift test.

-- Listings page newest first (ORDER BY submitted_at DESC, id DESC); a btree scanned backwards
-- serves that order. An agency's and a bank's default listings filter on their own id first.
-- The bank's composite index also serves every look-up the old bank_id index did.
CREATE INDEX "applications_submitted_at_id_idx" ON "applications"("submitted_at", "id");
CREATE INDEX "applications_agency_id_submitted_at_id_idx" ON "applications"("agency_id", "submitted_at", "id");
CREATE INDEX "applications_bank_id_submitted_at_id_idx" ON "applications"("bank_id", "submitted_at", "id");
DROP INDEX "applications_bank_id_idx";

-- Amounts are rials and jobs are people: a row outside these bounds is a bug upstream.
ALTER TABLE "applications"
    ADD CONSTRAINT "applications_requested_amount_positive" CHECK ("requested_amount" > 0),
    ADD CONSTRAINT "applications_approved_amount_positive" CHECK ("approved_amount" IS NULL OR "approved_amount" > 0),
    ADD CONSTRAINT "applications_disbursed_amount_within_approved"
        CHECK ("disbursed_amount" >= 0 AND "disbursed_amount" <= COALESCE("approved_amount", 0)),
    ADD CONSTRAINT "applications_jobs_committed_positive" CHECK ("jobs_committed" >= 1),
    ADD CONSTRAINT "applications_jobs_confirmed_not_negative" CHECK ("jobs_confirmed" IS NULL OR "jobs_confirmed" >= 0);

ALTER TABLE "disbursements"
    ADD CONSTRAINT "disbursements_amount_positive" CHECK ("amount" > 0);

-- The audit tables are append-only, for the application's own role too. The one exception is a
-- projection repair (the workflow is the record; a row it never took is replaced), which runs
-- in one transaction after `SET LOCAL loan.audit_repair = 'on'` and logs itself in
-- projection_repairs. The table owner can still disable a trigger: this stops bugs and
-- mistakes, a separate owner role is what stops a determined operator.
CREATE FUNCTION "refuse_audit_trail_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('loan.audit_repair', true) IS DISTINCT FROM 'on' THEN
        -- An integrity violation (class 23), so callers treat it as a data error, not an outage.
        RAISE EXCEPTION '% on % refused: the audit trail is append-only', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation',
                  HINT = 'A projection repair sets loan.audit_repair = ''on'' with SET LOCAL inside its transaction.';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER "application_steps_append_only" BEFORE UPDATE OR DELETE ON "application_steps"
    FOR EACH ROW EXECUTE FUNCTION "refuse_audit_trail_change"();
CREATE TRIGGER "application_steps_no_truncate" BEFORE TRUNCATE ON "application_steps"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_trail_change"();
CREATE TRIGGER "escalations_append_only" BEFORE UPDATE OR DELETE ON "escalations"
    FOR EACH ROW EXECUTE FUNCTION "refuse_audit_trail_change"();
CREATE TRIGGER "escalations_no_truncate" BEFORE TRUNCATE ON "escalations"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_trail_change"();

-- The repairs' own log, where an earlier migration created it.
DO $$
BEGIN
    IF to_regclass('projection_repairs') IS NOT NULL THEN
        CREATE TRIGGER "projection_repairs_append_only" BEFORE UPDATE OR DELETE ON "projection_repairs"
            FOR EACH ROW EXECUTE FUNCTION "refuse_audit_trail_change"();
        CREATE TRIGGER "projection_repairs_no_truncate" BEFORE TRUNCATE ON "projection_repairs"
            FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_trail_change"();
    END IF;
END
$$;
