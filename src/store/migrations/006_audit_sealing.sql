-- Audit entries are written unsealed in the transaction of the change they record, and chained
-- shortly after by the sealer (README, "The audit trail"): seal is an entry's place in the
-- chain, empty until sealed. Entries chained before this migration keep their place (their id).
ALTER TABLE audit_events ADD COLUMN seal BIGINT;

UPDATE audit_events SET seal = id;

CREATE UNIQUE INDEX audit_events_seal ON audit_events (seal);

CREATE INDEX audit_events_unsealed ON audit_events (id) WHERE seal IS NULL;
