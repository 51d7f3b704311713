-- Print choices remembered between prints: the paper a clinic prints its handouts and reports
-- on ('letter' or 'a4'), and per patient whether handouts print in large type and in which
-- language ('' : the patient's own language).

ALTER TABLE clinics ADD COLUMN paper TEXT NOT NULL DEFAULT 'letter';
ALTER TABLE patients ADD COLUMN handout_large_print INTEGER NOT NULL DEFAULT 0;
ALTER TABLE patients ADD COLUMN handout_language TEXT NOT NULL DEFAULT '';
