-- Each clinic's data generation: a number that grows with every committed change of the
-- clinic's data, whichever process or statement made it. The store keeps what it read of a
-- clinic (the caseload) with the generation it read it at, and reads it again only when the
-- generation moved. Triggers count the changes, so no write path can forget to.
--
-- generation is kept per writer: one row per (clinic, PostgreSQL backend) there, so that the
-- writers of several instances never wait for one another's row; SQLite has one writer at a
-- time and uses writer 0. A clinic's generation is the sum of its rows and of clinic 0's (a
-- change whose clinic is no longer found, the rows of a deleted program say); rows of
-- backends that ended are folded into writer 0 when a store opens (the sum stays the same).
--
-- Tables left out change nothing a clinic's cached reads show: audit_events (every page view
-- writes one), login_sessions, password_resets, throttle_counts, outbox, instance_settings
-- and schema_migrations.

CREATE TABLE clinic_generations (
    clinic_id BIGINT NOT NULL,
    writer BIGINT NOT NULL,
    generation BIGINT NOT NULL,
    PRIMARY KEY (clinic_id, writer)
);

-- SQLite: a trigger per table and kind of change.
/* sqlite */ CREATE TRIGGER clinics_insert_counted AFTER INSERT ON clinics BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER clinics_update_counted AFTER UPDATE ON clinics BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER clinics_delete_counted AFTER DELETE ON clinics BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER users_insert_counted AFTER INSERT ON users BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER users_update_counted AFTER UPDATE ON users BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER users_delete_counted AFTER DELETE ON users BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER patients_insert_counted AFTER INSERT ON patients BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER patients_update_counted AFTER UPDATE ON patients BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER patients_delete_counted AFTER DELETE ON patients BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER patient_links_insert_counted AFTER INSERT ON patient_links BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER patient_links_update_counted AFTER UPDATE ON patient_links BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER patient_links_delete_counted AFTER DELETE ON patient_links BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER patient_episodes_insert_counted AFTER INSERT ON patient_episodes BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER patient_episodes_update_counted AFTER UPDATE ON patient_episodes BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER patient_episodes_delete_counted AFTER DELETE ON patient_episodes BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER programs_insert_counted AFTER INSERT ON programs BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER programs_update_counted AFTER UPDATE ON programs BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER programs_delete_counted AFTER DELETE ON programs BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER program_versions_insert_counted AFTER INSERT ON program_versions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM programs WHERE id = NEW.program_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER program_versions_update_counted AFTER UPDATE ON program_versions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM programs WHERE id = NEW.program_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER program_versions_delete_counted AFTER DELETE ON program_versions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM programs WHERE id = OLD.program_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER program_items_insert_counted AFTER INSERT ON program_items BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM programs WHERE id = NEW.program_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER program_items_update_counted AFTER UPDATE ON program_items BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM programs WHERE id = NEW.program_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER program_items_delete_counted AFTER DELETE ON program_items BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM programs WHERE id = OLD.program_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER program_education_insert_counted AFTER INSERT ON program_education BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM programs WHERE id = NEW.program_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER program_education_update_counted AFTER UPDATE ON program_education BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM programs WHERE id = NEW.program_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER program_education_delete_counted AFTER DELETE ON program_education BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM programs WHERE id = OLD.program_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER sessions_insert_counted AFTER INSERT ON sessions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER sessions_update_counted AFTER UPDATE ON sessions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER sessions_delete_counted AFTER DELETE ON sessions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER session_submissions_insert_counted AFTER INSERT ON session_submissions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM patients WHERE id = NEW.patient_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER session_submissions_update_counted AFTER UPDATE ON session_submissions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM patients WHERE id = NEW.patient_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER session_submissions_delete_counted AFTER DELETE ON session_submissions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (COALESCE((SELECT clinic_id FROM patients WHERE id = OLD.patient_id), 0), 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER adherence_days_insert_counted AFTER INSERT ON adherence_days BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER adherence_days_update_counted AFTER UPDATE ON adherence_days BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER adherence_days_delete_counted AFTER DELETE ON adherence_days BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER clinic_flag_rules_insert_counted AFTER INSERT ON clinic_flag_rules BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER clinic_flag_rules_update_counted AFTER UPDATE ON clinic_flag_rules BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER clinic_flag_rules_delete_counted AFTER DELETE ON clinic_flag_rules BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER clinic_exercise_revisions_insert_counted AFTER INSERT ON clinic_exercise_revisions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER clinic_exercise_revisions_update_counted AFTER UPDATE ON clinic_exercise_revisions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER clinic_exercise_revisions_delete_counted AFTER DELETE ON clinic_exercise_revisions BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

/* sqlite */ CREATE TRIGGER api_keys_insert_counted AFTER INSERT ON api_keys BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER api_keys_update_counted AFTER UPDATE ON api_keys BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (NEW.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;
/* sqlite */ CREATE TRIGGER api_keys_delete_counted AFTER DELETE ON api_keys BEGIN INSERT INTO clinic_generations (clinic_id, writer, generation) VALUES (OLD.clinic_id, 0, 1) ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = generation + 1; END;

-- PostgreSQL: one function; each table's trigger names how its rows find their clinic.
/* postgresql */ CREATE FUNCTION count_clinic_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed JSONB;
    clinic BIGINT;
BEGIN
    IF TG_OP = 'DELETE' THEN
        changed := to_jsonb(OLD);
    ELSE
        changed := to_jsonb(NEW);
    END IF;
    IF TG_ARGV[0] = 'self' THEN
        clinic := (changed ->> 'id')::BIGINT;
    ELSIF TG_ARGV[0] = 'program' THEN
        SELECT clinic_id INTO clinic FROM programs WHERE id = (changed ->> 'program_id')::BIGINT;
    ELSIF TG_ARGV[0] = 'patient' THEN
        SELECT clinic_id INTO clinic FROM patients WHERE id = (changed ->> 'patient_id')::BIGINT;
    ELSE
        clinic := (changed ->> 'clinic_id')::BIGINT;
    END IF;
    INSERT INTO clinic_generations (clinic_id, writer, generation)
        VALUES (COALESCE(clinic, 0), pg_backend_pid(), 1)
        ON CONFLICT (clinic_id, writer) DO UPDATE SET generation = clinic_generations.generation + 1;
    RETURN NULL;
END
$$;

/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON clinics FOR EACH ROW EXECUTE FUNCTION count_clinic_change('self');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION count_clinic_change('clinic');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON patients FOR EACH ROW EXECUTE FUNCTION count_clinic_change('clinic');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON patient_links FOR EACH ROW EXECUTE FUNCTION count_clinic_change('clinic');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON patient_episodes FOR EACH ROW EXECUTE FUNCTION count_clinic_change('clinic');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON programs FOR EACH ROW EXECUTE FUNCTION count_clinic_change('clinic');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON program_versions FOR EACH ROW EXECUTE FUNCTION count_clinic_change('program');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON program_items FOR EACH ROW EXECUTE FUNCTION count_clinic_change('program');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON program_education FOR EACH ROW EXECUTE FUNCTION count_clinic_change('program');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON sessions FOR EACH ROW EXECUTE FUNCTION count_clinic_change('clinic');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON session_submissions FOR EACH ROW EXECUTE FUNCTION count_clinic_change('patient');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON adherence_days FOR EACH ROW EXECUTE FUNCTION count_clinic_change('clinic');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON clinic_flag_rules FOR EACH ROW EXECUTE FUNCTION count_clinic_change('clinic');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON clinic_exercise_revisions FOR EACH ROW EXECUTE FUNCTION count_clinic_change('clinic');
/* postgresql */ CREATE TRIGGER counted AFTER INSERT OR UPDATE OR DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION count_clinic_change('clinic');
