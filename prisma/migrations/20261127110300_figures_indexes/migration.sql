-- Indexes for the working group's figures, measured with `npm run bench:figures` over 100,000
-- applications (about 640,000 steps); each was kept because dropping it made the figures slower
-- (`--without-indexes` measures the baseline).

-- Steps of one kind in a period (referrals, approvals, rejections, contracts, categorizations,
-- confirmed jobs): read off the index alone, with the application to join, instead of scanning
-- every step ever taken.
CREATE INDEX "application_steps_step_occurred_at_application_id_idx" ON "application_steps"("step", "occurred_at", "application_id");

-- Steps of any kind that ended in a period: the waits behind the banks' working days per step.
CREATE INDEX "application_steps_occurred_at_idx" ON "application_steps"("occurred_at");

-- One application's steps in order, with what the figures read of each (the step before another,
-- the last step before a wait, the answers to information requests), without visiting the table:
-- application_steps is append-only, so its pages stay all-visible and index-only scans stay cheap.
CREATE INDEX "application_steps_application_id_sequence_covering_idx" ON "application_steps"("application_id", "sequence", "step", "stage_after", "occurred_at");

-- Tranches paid in a period, for the amounts paid per bank, category, district and area.
CREATE INDEX "disbursements_paid_at_idx" ON "disbursements"("paid_at");
