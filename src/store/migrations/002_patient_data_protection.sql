-- Protecting patient data: check-in links that expire, the clinics' API keys, and the
-- append-only audit trail whose entries are chained by hash.

ALTER TABLE patient_links ADD COLUMN expires_at BIGINT;

CREATE INDEX patient_links_patient ON patient_links (clinic_id, patient_id);

CREATE INDEX login_sessions_user ON login_sessions (user_id);

CREATE TABLE api_keys (
    id ID_PRIMARY_KEY,
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    name TEXT NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE audit_events (
    id ID_PRIMARY_KEY,
    at BIGINT NOT NULL,
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    user_id BIGINT,
    actor TEXT NOT NULL,
    patient_id BIGINT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    address TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);

CREATE INDEX audit_events_clinic_at ON audit_events (clinic_id, at);
