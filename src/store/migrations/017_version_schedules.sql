-- Each program version's schedule as adherence counts it: the days per week and sessions per
-- day of its most demanding item (0 for a version without items). A version never changes once
-- written, so both are stored with it when it is written; the caseload reads them for every
-- patient of a clinic at once instead of going through every version's items each time.
-- A clinic's programs, users and API keys are found by an index instead of a scan of every
-- clinic's (its patients, links, day logs and audit entries had one already).

ALTER TABLE program_versions ADD COLUMN days_per_week INTEGER NOT NULL DEFAULT 0;

ALTER TABLE program_versions ADD COLUMN sessions_per_day INTEGER NOT NULL DEFAULT 0;

UPDATE program_versions SET
    days_per_week = COALESCE((SELECT MAX(i.days_per_week) FROM program_items i
                              WHERE i.program_id = program_versions.program_id
                                AND i.version = program_versions.number), 0),
    sessions_per_day = COALESCE((SELECT MAX(i.sessions_per_day) FROM program_items i
                                 WHERE i.program_id = program_versions.program_id
                                   AND i.version = program_versions.number), 0);

CREATE INDEX programs_clinic ON programs (clinic_id, patient_id);

CREATE INDEX users_clinic ON users (clinic_id);

CREATE INDEX api_keys_clinic ON api_keys (clinic_id);
