-- A clinic's own exercises: every save is a new revision and none is ever changed, so a
-- program version prints the revision it prescribed (program_items.exercise_revision, 0 for
-- a pack's exercise).

CREATE TABLE clinic_exercise_revisions (
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    exercise_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    entry TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users (id),
    PRIMARY KEY (clinic_id, exercise_id, revision)
);

ALTER TABLE program_items ADD COLUMN exercise_revision INTEGER NOT NULL DEFAULT 0;
