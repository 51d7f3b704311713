-- Failure counts of the sign-in and check-in throttles, shared by every instance on the
-- database (in memory, N instances gave an attacker N times the guesses). The key is a hash
-- of the throttle's name and what it counts (an account, an address), never the email or the
-- address itself.

CREATE TABLE throttle_counts (
    throttle_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure BIGINT NOT NULL,
    engaged_at BIGINT NOT NULL
);

CREATE INDEX throttle_counts_last_failure ON throttle_counts (last_failure);
