-- The first schema: clinics and their users, patients and their links, programs with
-- versions, and logged sessions. Dates are ISO text (YYYY-MM-DD, the clinic's local day);
-- instants are UTC epoch seconds. ID_PRIMARY_KEY becomes the engine's 64-bit auto-increment key.

CREATE TABLE clinics (
    id ID_PRIMARY_KEY,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT NOT NULL
);

CREATE TABLE users (
    id ID_PRIMARY_KEY,
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE login_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE TABLE patients (
    id ID_PRIMARY_KEY,
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    therapist_id BIGINT NOT NULL REFERENCES users (id),
    record_number TEXT NOT NULL,
    name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    language TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (clinic_id, record_number)
);

CREATE TABLE patient_links (
    id ID_PRIMARY_KEY,
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    salt TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE programs (
    id ID_PRIMARY_KEY,
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    created_at BIGINT NOT NULL
);

CREATE INDEX programs_patient ON programs (patient_id);

CREATE TABLE program_versions (
    program_id BIGINT NOT NULL REFERENCES programs (id),
    number INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    title TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL,
    notes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT NOT NULL,
    PRIMARY KEY (program_id, number)
);

CREATE TABLE program_items (
    program_id BIGINT NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,
    exercise_id TEXT NOT NULL,
    hold_unit TEXT NOT NULL,
    hold INTEGER NOT NULL,
    reps INTEGER NOT NULL,
    sets INTEGER NOT NULL,
    side TEXT NOT NULL,
    sessions_per_day INTEGER NOT NULL,
    days_per_week INTEGER NOT NULL,
    rest_seconds INTEGER NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (program_id, version, position),
    FOREIGN KEY (program_id, version) REFERENCES program_versions (program_id, number)
);

CREATE TABLE program_education (
    program_id BIGINT NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,
    education_id TEXT NOT NULL,
    PRIMARY KEY (program_id, version, position),
    FOREIGN KEY (program_id, version) REFERENCES program_versions (program_id, number)
);

CREATE TABLE sessions (
    id ID_PRIMARY_KEY,
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    program_id BIGINT NOT NULL REFERENCES programs (id),
    program_version INTEGER NOT NULL,
    session_date TEXT NOT NULL,
    slot INTEGER NOT NULL,
    pain_before INTEGER,
    pain_after INTEGER,
    difficulty TEXT NOT NULL,
    note TEXT NOT NULL,
    source TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    done_units INTEGER NOT NULL,
    prescribed_units INTEGER NOT NULL,
    UNIQUE (program_id, session_date, slot)
);

CREATE INDEX sessions_patient_date ON sessions (patient_id, session_date);

CREATE TABLE session_entries (
    session_id BIGINT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    exercise_id TEXT NOT NULL,
    side TEXT NOT NULL,
    done INTEGER NOT NULL,
    PRIMARY KEY (session_id, exercise_id, side)
);
