-- The guard of 20261128000000 read OLD.step in one condition with TG_TABLE_NAME. PL/pgSQL does
-- not stop at the first false term: on the other audit tables (case notes, escalations, refused
-- steps...) OLD has no `step`, so every change there failed with "record old has no field step"
-- (42703), a repair of a case note included, which its activity then retried for ever. The
-- resealing exception is now checked in a block that only application_steps enters.
CREATE OR REPLACE FUNCTION "refuse_audit_trail_change"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'application_steps'
        AND current_setting('loan.particulars_resealing', true) = 'on' THEN
        IF OLD.step = 'submit' AND (to_jsonb(NEW) - 'data') = (to_jsonb(OLD) - 'data') THEN
            RETURN NEW;
        END IF;
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
