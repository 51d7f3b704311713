-- Facts about the database that every Limber instance on it must agree on. The first is
-- 'key_fingerprint': a keyed hash of the server key of the first instance that started on
-- the database (never the key itself). An instance whose key gives another fingerprint
-- refuses to start: the links it printed would not open on the others.

CREATE TABLE instance_settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
