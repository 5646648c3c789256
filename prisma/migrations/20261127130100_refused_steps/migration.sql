-- Steps the workflow refused (wrong party, out of order, invalid data, a database refusal, the
-- lending limit): the caller is told at once and nothing enters the workflow's history, so the
-- attempt is kept here for officials to see, per case, who tried what and which rule stopped it.
CREATE TABLE "refused_steps" (
    "id" BIGSERIAL NOT NULL,
    "application_id" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "actor_user_id" TEXT NOT NULL,
    "actor_org_id" TEXT NOT NULL,
    "actor_role" TEXT NOT NULL,
    "rule" TEXT NOT NULL,
    "field" TEXT,
    "message" TEXT NOT NULL,
    "request_id" TEXT,
    "refused_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "refused_steps_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "refused_steps_application_id_refused_at_idx" ON "refused_steps"("application_id", "refused_at");
ALTER TABLE "refused_steps" ADD CONSTRAINT "refused_steps_application_id_fkey"
    FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A record of what was tried and refused is audit, like the steps taken: append-only.
CREATE TRIGGER "refused_steps_append_only" BEFORE UPDATE OR DELETE ON "refused_steps"
    FOR EACH ROW EXECUTE FUNCTION "refuse_audit_trail_change"();
CREATE TRIGGER "refused_steps_no_truncate" BEFORE TRUNCATE ON "refused_steps"
    FOR EACH STATEMENT EXECUTE FUNCTION "refuse_audit_trail_change"();
