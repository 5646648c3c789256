-- GET /applications pages newest first (ORDER BY submitted_at DESC, id DESC) within what the
-- caller sees (an agency its own, a bank those referred to it, officials everything) and the
-- filters it asks for. Each index leads with the equalities of one visibility-and-filter pair and
-- ends in the listing's order, so a page (and a page past a deep cursor, read as
-- `submitted_at <= cursor`) is read off the index in order: no scan of rows that other filters
-- would drop, no sort. Measured with `npm run bench:listing` over 100,000 applications.

-- An official's listing by stage, category or district. The stage index also serves every
-- look-up the plain stage index did.
CREATE INDEX "applications_stage_submitted_at_id_idx" ON "applications"("stage", "submitted_at", "id");
CREATE INDEX "applications_category_submitted_at_id_idx" ON "applications"("category", "submitted_at", "id");
CREATE INDEX "applications_district_submitted_at_id_idx" ON "applications"("district", "submitted_at", "id");
DROP INDEX "applications_stage_idx";

-- An agency's listing by stage, category, district or bank; the agency-and-bank index also
-- serves a bank's listing by agency.
CREATE INDEX "applications_agency_id_stage_submitted_at_id_idx" ON "applications"("agency_id", "stage", "submitted_at", "id");
CREATE INDEX "applications_agency_id_category_submitted_at_id_idx" ON "applications"("agency_id", "category", "submitted_at", "id");
CREATE INDEX "applications_agency_id_district_submitted_at_id_idx" ON "applications"("agency_id", "district", "submitted_at", "id");
CREATE INDEX "applications_agency_id_bank_id_submitted_at_id_idx" ON "applications"("agency_id", "bank_id", "submitted_at", "id");

-- A bank's listing by stage, category or district.
CREATE INDEX "applications_bank_id_stage_submitted_at_id_idx" ON "applications"("bank_id", "stage", "submitted_at", "id");
CREATE INDEX "applications_bank_id_category_submitted_at_id_idx" ON "applications"("bank_id", "category", "submitted_at", "id");
CREATE INDEX "applications_bank_id_district_submitted_at_id_idx" ON "applications"("bank_id", "district", "submitted_at", "id");
