-- Notes on a case (comments, deadline extensions): said or granted about it, not steps of it.
-- They have their own numbering, so the audit trail of transitions (application_steps), which
-- the clocks and the figures read step after step, never meets them. Written once per number
-- by the workflow's persistence; append-only like the audit trail, save for a repair.
CREATE TABLE "case_notes" (
    "id" BIGSERIAL NOT NULL,
    "application_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "actor_user_id" TEXT NOT NULL,
    "actor_org_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "text" TEXT,
    "data" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "after_sequence" INTEGER NOT NULL,
    "note_hash" TEXT NOT NULL,

    CONSTRAINT "case_notes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "case_notes_kind_check" CHECK ("kind" IN ('comment', 'extendDeadline', 'attach', 'recordTranche', 'cancelTranche', 'recordApproval', 'cancelApproval')),
    CONSTRAINT "case_notes_number_check" CHECK ("number" >= 1)
);
CREATE UNIQUE INDEX "case_notes_application_id_number_key" ON "case_notes"("application_id", "number");
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_application_id_fkey"
    FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE TRIGGER "case_notes_append_only" BEFORE UPDATE OR DELETE ON "case_notes"
    FOR EACH ROW EXECUTE FUNCTION "refuse_audit_trail_change"();
CREATE TRIGGER "case_notes_no_truncate" BEFORE TRUNCATE ON "case_notes"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_trail_change"();

-- The working days an official added to the current wait (the workflow's state.extension),
-- so the inbox and the stalled list show the deadline the workflow keeps.
ALTER TABLE "applications" ADD COLUMN "extension_wait_id" TEXT;
ALTER TABLE "applications" ADD COLUMN "extension_days" INTEGER NOT NULL DEFAULT 0;
