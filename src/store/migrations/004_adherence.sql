-- Adherence at clinic scale. A session's ticks move into the session row (one text column
-- instead of a row per exercise and side: 3.65 million sessions stay 3.65 million rows);
-- submissions are remembered so the same check-in sent twice records once; each program gets
-- a day log, one fixed-width cell per day, rewritten with every session so that clinic reports
-- read one row per patient; each clinic keeps its own flag rules.

ALTER TABLE sessions ADD COLUMN entries TEXT NOT NULL DEFAULT '';

UPDATE sessions SET entries = COALESCE((SELECT STRING_AGG(e.exercise_id || ':' || e.side || '=' || e.done, ',') FROM session_entries e WHERE e.session_id = sessions.id), '');

DROP TABLE session_entries;

CREATE TABLE session_submissions (
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    submission_id TEXT NOT NULL,
    program_id BIGINT NOT NULL REFERENCES programs (id),
    session_date TEXT NOT NULL,
    slot INTEGER NOT NULL,
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (patient_id, submission_id)
);

-- first_day '' marks a log still to be built from the program's sessions (done at start-up).
CREATE TABLE adherence_days (
    program_id BIGINT PRIMARY KEY REFERENCES programs (id),
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    first_day TEXT NOT NULL,
    cells TEXT NOT NULL
);

CREATE INDEX adherence_days_clinic ON adherence_days (clinic_id);

INSERT INTO adherence_days (program_id, clinic_id, patient_id, first_day, cells) SELECT DISTINCT program_id, clinic_id, patient_id, '', '' FROM sessions;

CREATE TABLE clinic_flag_rules (
    clinic_id BIGINT PRIMARY KEY REFERENCES clinics (id),
    threshold_percent INTEGER NOT NULL,
    window_days INTEGER NOT NULL,
    quiet_days INTEGER NOT NULL,
    pain_high INTEGER NOT NULL,
    pain_rise INTEGER NOT NULL
);
