-- Each audit row names its content (a hash of the transition record), so that a row written by
-- a workflow task that was then lost is recognized when the workflow takes its real step.
ALTER TABLE "application_steps" ADD COLUMN "transition_hash" TEXT;

-- The rows replaced when the projection was repaired from the workflow: the repair's own log.
CREATE TABLE "projection_repairs" (
    "id" BIGSERIAL NOT NULL,
    "application_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "replaced_steps" JSONB NOT NULL,
    "repaired_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "projection_repairs_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "projection_repairs_application_id_idx" ON "projection_repairs"("application_id");
ALTER TABLE "projection_repairs" ADD CONSTRAINT "projection_repairs_application_id_fkey"
    FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The applicant's particulars belong to the application (one agency never overwrites what
-- another entered): one applicants row per application, keyed by the application's id, its
-- particulars taken back from the application's own submission where the audit trail has it.
INSERT INTO "applicants" ("id", "national_id", "full_name", "phone", "address", "district", "created_at")
SELECT a."id",
       p."national_id",
       COALESCE(s."data"->'applicant'->>'fullName', p."full_name"),
       COALESCE(s."data"->'applicant'->>'phone', p."phone"),
       COALESCE(s."data"->'applicant'->>'address', p."address"),
       COALESCE(s."data"->'applicant'->>'district', p."district"),
       a."submitted_at"
FROM "applications" a
JOIN "applicants" p ON p."id" = a."applicant_id"
LEFT JOIN "application_steps" s ON s."application_id" = a."id" AND s."sequence" = 1 AND s."step" = 'submit';
UPDATE "applications" SET "applicant_id" = "id";
DELETE FROM "applicants" p WHERE NOT EXISTS (SELECT 1 FROM "applications" a WHERE a."applicant_id" = p."id");
CREATE UNIQUE INDEX "applications_applicant_id_key" ON "applications"("applicant_id");
