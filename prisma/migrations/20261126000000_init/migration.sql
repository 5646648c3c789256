-- CreateEnum
CREATE TYPE "Role" AS ENUM ('agency', 'bank', 'official', 'admin');

-- CreateEnum
CREATE TYPE "OrganizationKind" AS ENUM ('agency', 'support_institution', 'bank', 'governors_office', 'provincial_office', 'operator');

-- CreateTable
CREATE TABLE "organizations" (
    "id" TEXT NOT NULL,
    "kind" "OrganizationKind" NOT NULL,
    "name" TEXT NOT NULL,
    "name_fa" TEXT NOT NULL,
    "contact_email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "organization_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "applicants" (
    "id" TEXT NOT NULL,
    "national_id" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "district" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "applicants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "applications" (
    "id" TEXT NOT NULL,
    "workflow_id" TEXT NOT NULL,
    "agency_id" TEXT NOT NULL,
    "agency_reference" TEXT NOT NULL,
    "applicant_id" TEXT NOT NULL,
    "requested_amount" DECIMAL(38,0) NOT NULL,
    "purpose" TEXT NOT NULL,
    "jobs_committed" INTEGER NOT NULL,
    "district" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "review_step" TEXT,
    "category" TEXT,
    "priority" TEXT,
    "bank_id" TEXT,
    "approved_amount" DECIMAL(38,0),
    "approved_terms" TEXT,
    "rejection_reason" TEXT,
    "disbursed_amount" DECIMAL(38,0) NOT NULL DEFAULT 0,
    "jobs_confirmed" INTEGER,
    "last_sequence" INTEGER NOT NULL,
    "submitted_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "applications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "application_steps" (
    "id" BIGSERIAL NOT NULL,
    "application_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "step" TEXT NOT NULL,
    "stage_after" TEXT NOT NULL,
    "actor_user_id" TEXT,
    "actor_org_id" TEXT,
    "actor_role" TEXT,
    "comment" TEXT,
    "data" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "application_steps_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "disbursements" (
    "id" BIGSERIAL NOT NULL,
    "application_id" TEXT NOT NULL,
    "tranche_number" INTEGER NOT NULL,
    "amount" DECIMAL(38,0) NOT NULL,
    "payment_reference" TEXT NOT NULL,
    "paid_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "disbursements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "escalations" (
    "id" BIGSERIAL NOT NULL,
    "application_id" TEXT NOT NULL,
    "escalation_key" TEXT NOT NULL,
    "step" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "holder_org_id" TEXT,
    "waiting_since" TIMESTAMPTZ(3) NOT NULL,
    "deadline" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "escalations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outgoing_emails" (
    "id" TEXT NOT NULL,
    "application_id" TEXT,
    "message_id" TEXT NOT NULL,
    "recipients" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outgoing_emails_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "users_organization_id_idx" ON "users"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "api_keys_user_id_idx" ON "api_keys"("user_id");

-- CreateIndex
CREATE INDEX "applicants_national_id_idx" ON "applicants"("national_id");

-- CreateIndex
CREATE UNIQUE INDEX "applications_workflow_id_key" ON "applications"("workflow_id");

-- CreateIndex
CREATE INDEX "applications_stage_idx" ON "applications"("stage");

-- CreateIndex
CREATE INDEX "applications_bank_id_idx" ON "applications"("bank_id");

-- CreateIndex
CREATE UNIQUE INDEX "applications_agency_id_agency_reference_key" ON "applications"("agency_id", "agency_reference");

-- CreateIndex
CREATE UNIQUE INDEX "application_steps_application_id_sequence_key" ON "application_steps"("application_id", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "disbursements_application_id_tranche_number_key" ON "disbursements"("application_id", "tranche_number");

-- CreateIndex
CREATE UNIQUE INDEX "escalations_escalation_key_key" ON "escalations"("escalation_key");

-- CreateIndex
CREATE INDEX "escalations_application_id_idx" ON "escalations"("application_id");

-- CreateIndex
CREATE UNIQUE INDEX "outgoing_emails_message_id_key" ON "outgoing_emails"("message_id");

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_agency_id_fkey" FOREIGN KEY ("agency_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_bank_id_fkey" FOREIGN KEY ("bank_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "applications" ADD CONSTRAINT "applications_applicant_id_fkey" FOREIGN KEY ("applicant_id") REFERENCES "applicants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "application_steps" ADD CONSTRAINT "application_steps_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "disbursements" ADD CONSTRAINT "disbursements_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outgoing_emails" ADD CONSTRAINT "outgoing_emails_application_id_fkey" FOREIGN KEY ("application_id") REFERENCES "applications"("id") ON DELETE SET NULL ON UPDATE CASCADE;
