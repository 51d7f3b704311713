-- Password reset links made by a clinic admin for a user of the clinic. Only the SHA-256 of
-- the link's token is kept. A link works once (used_at), until expires_at, and only while it
-- is the user's newest unused one: a newer link or a password change removes the user's
-- unused links.
CREATE TABLE password_resets (
    id ID_PRIMARY_KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE INDEX password_resets_user ON password_resets (user_id);
