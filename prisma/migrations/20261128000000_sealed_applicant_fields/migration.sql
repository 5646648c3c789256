-- An applicant's national id, name, phone and address are stored sealed (security/field-cipher.ts):
-- the database finds them through keyed blind indexes instead. Rows written before hold their
-- particulars plain until `npm run admin -- rotate-field-keys` seals and indexes them.
ALTER TABLE "applicants" ADD COLUMN "national_id_index" TEXT;
ALTER TABLE "applicants" ADD COLUMN "name_index" TEXT[] NOT NULL DEFAULT '{}';
-- Set when the particulars were erased after the retention period (the figures keep the rest).
ALTER TABLE "applicants" ADD COLUMN "erased_at" TIMESTAMPTZ(3);

DROP INDEX "applicants_national_id_idx";
CREATE INDEX "applicants_national_id_index_idx" ON "applicants"("national_id_index");
CREATE INDEX "applicants_name_index_idx" ON "applicants" USING GIN ("name_index");

-- The audit trail stays append-only, with one more exception: re-sealing a submit step's data under
-- a new key, or erasing the particulars in it after the retention period. That runs after
-- `SET LOCAL loan.particulars_resealing = 'on'` and may change nothing of the row but its data.
CREATE OR REPLACE FUNCTION "refuse_audit_trail_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'application_steps'
        AND current_setting('loan.particulars_resealing', true) = 'on'
        AND OLD.step = 'submit'
        AND (to_jsonb(NEW) - 'data') = (to_jsonb(OLD) - 'data') THEN
        RETURN NEW;
    END IF;
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
