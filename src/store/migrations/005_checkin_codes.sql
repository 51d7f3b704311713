-- Short check-in codes: the handout prints, beside the QR code, a 12-character code that
-- opens the same link for patients who cannot scan. Only a keyed hash of the code is stored.
-- Links made before this migration get their hash when their code is first printed.

ALTER TABLE patient_links ADD COLUMN code_hash TEXT;

CREATE UNIQUE INDEX patient_links_code ON patient_links (code_hash);
