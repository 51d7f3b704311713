-- PostgreSQL: a clinic's generation grows once for each committed transaction that changed the
-- clinic's data, instead of once for each row it changed. A session write changes four rows
-- (its submission, the session replaced, the new session, the day log): each ran the trigger's
-- upsert of the writer's generation row and copied the whole row to JSON to find its clinic.
-- Readers only compare generations, so one step a transaction tells them as much.
--
-- The function now reads the clinic straight from the row (PL/pgSQL compiles it for each table
-- it is attached to, and only the branch of that table's kind runs), and remembers the clinics
-- the transaction has counted in a transaction-local setting (limber.counted_clinics,
-- ",1,0,"). A savepoint rolled back takes its setting back with its upsert, so a later change
-- in the same transaction counts again; the setting ends with the transaction.
--
-- SQLite keeps its triggers: one writer commits there, and its statements are not round trips.

/* postgresql */ CREATE OR REPLACE FUNCTION count_clinic_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    clinic BIGINT;
    counted TEXT;
BEGIN
    IF TG_ARGV[0] = 'self' THEN
        IF TG_OP = 'DELETE' THEN clinic := OLD.id; ELSE clinic := NEW.id; END IF;
    ELSIF TG_ARGV[0] = 'program' THEN
        IF TG_OP = 'DELETE' THEN
            SELECT clinic_id INTO clinic FROM programs WHERE id = OLD.program_id;
        ELSE
            SELECT clinic_id INTO clinic FROM programs WHERE id = NEW.program_id;
        END IF;
    ELSIF TG_ARGV[0] = 'patient' THEN
        IF TG_OP = 'DELETE' THEN
            SELECT clinic_id INTO clinic FROM patients WHERE id = OLD.patient_id;
        ELSE
            SELECT clinic_id INTO clinic FROM patients WHERE id = NEW.patient_id;
        END IF;
    ELSE
        IF TG_OP = 'DELETE' THEN clinic := OLD.clinic_id; ELSE clinic := NEW.clinic_id; END IF;
    END IF;
    clinic := COALESCE(clinic, 0);
    counted := COALESCE(NULLIF(current_setting('limber.counted_clinics', true), ''), ',');
    IF position(',' || clinic || ',' IN counted) > 0 THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('limber.counted_clinics', counted || clinic || ',', true);
    INSERT INTO clinic_generations (clinic_id, writer, generation)
        VALUES (clinic, pg_backend_pid(), 1)
        ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = clinic_generations.generation + 1;
    RETURN NULL;
END
$$;
