-- The plugins' outbox: one row per event and recipient (a Notifier plugin), written in the
-- transaction of the change the event describes and delivered after it committed by a
-- background worker (state pending -> delivered, or dead after too many failed attempts).
CREATE TABLE outbox (
    id ID_PRIMARY_KEY,
    event_id TEXT NOT NULL,
    recipient TEXT NOT NULL,
    clinic_id BIGINT NOT NULL REFERENCES clinics (id),
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    last_error_at BIGINT NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'pending',
    delivered_at BIGINT,
    UNIQUE (event_id, recipient)
);

CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
CREATE INDEX outbox_recipient ON outbox (recipient, state);
