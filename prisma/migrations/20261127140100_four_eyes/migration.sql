-- Four eyes on money: a bank's tranches (and approvals above SECOND_APPROVAL_ABOVE_RIAL) are
-- recorded by one user and confirmed by a second; on unless the bank is set otherwise.
ALTER TABLE "organizations" ADD COLUMN "four_eyes" BOOLEAN NOT NULL DEFAULT true;
-- What one user recorded and a second has not confirmed yet (the workflow's pending items):
-- not paid, not approved; written with the note that records or cancels it.
ALTER TABLE "applications" ADD COLUMN "pending_tranche" JSONB;
ALTER TABLE "applications" ADD COLUMN "pending_approval" JSONB;
