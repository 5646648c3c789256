-- An admin's action on an email left unconfirmed (resent on purpose, or marked delivered without
-- a mail) with the reason given: the audit trail of these actions, so append-only like the other
-- audit tables (test/db/database-guards.ts declares its triggers for the drift test).
CREATE TABLE "email_interventions" (
    "id" BIGSERIAL NOT NULL,
    "email_id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "admin_user_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_interventions_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "email_interventions_email_id_at_idx" ON "email_interventions"("email_id", "at");
ALTER TABLE "email_interventions" ADD CONSTRAINT "email_interventions_email_id_fkey"
    FOREIGN KEY ("email_id") REFERENCES "outgoing_emails"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "email_interventions" ADD CONSTRAINT "email_interventions_admin_user_id_fkey"
    FOREIGN KEY ("admin_user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TRIGGER "email_interventions_append_only" BEFORE UPDATE OR DELETE ON "email_interventions"
    FOR EACH ROW EXECUTE FUNCTION "refuse_audit_trail_change"();
CREATE TRIGGER "email_interventions_no_truncate" BEFORE TRUNCATE ON "email_interventions"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_trail_change"();
