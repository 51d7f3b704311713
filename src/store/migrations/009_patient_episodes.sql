-- Patients: optional intake details (date of birth, phone, e-mail), and episodes of care. A
-- discharge ends the current episode (discharged_at); a re-admission starts the next one.
-- Programs belong to the episode they were started in. Old values of an edit are kept in the
-- audit trail.

ALTER TABLE patients ADD COLUMN birth_date TEXT NOT NULL DEFAULT '';
ALTER TABLE patients ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE patients ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE patients ADD COLUMN episode INTEGER NOT NULL DEFAULT 1;
ALTER TABLE patients ADD COLUMN admitted_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE patients ADD COLUMN discharged_at BIGINT;

UPDATE patients SET admitted_at = created_at;

ALTER TABLE programs ADD COLUMN episode INTEGER NOT NULL DEFAULT 1;
