# Sourced by tests/run.sh: makes sure a PostgreSQL cluster for the tests runs on
# 127.0.0.1:54329 (created once, owned by the postgres user, trust on loopback only, so it
# never touches a production cluster) and exports LIMBER_TEST_POSTGRES for the store tests.
as_root=()
if [[ $(id -u) -ne 0 ]]; then
    as_root=(sudo)
fi
pg_version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
pg_cluster=limbertest
pg_port=54329
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$pg_cluster"; then
    "${as_root[@]}" pg_createcluster "$pg_version" "$pg_cluster" --port "$pg_port" \
        -- --auth-local=trust --auth-host=trust >/dev/null
    echo "listen_addresses = '127.0.0.1'" |
        "${as_root[@]}" tee -a "/etc/postgresql/$pg_version/$pg_cluster/postgresql.conf" >/dev/null
fi
if ! pg_lsclusters -h | awk -v c="$pg_cluster" '$2 == c {print $4}' | grep -qx online; then
    "${as_root[@]}" pg_ctlcluster "$pg_version" "$pg_cluster" start
fi
"${as_root[@]}" runuser -u postgres -- psql -q -p "$pg_port" -tc \
    "SELECT 1 FROM pg_roles WHERE rolname = 'limber'" | grep -q 1 ||
    "${as_root[@]}" runuser -u postgres -- psql -q -p "$pg_port" -c "CREATE ROLE limber LOGIN"
"${as_root[@]}" runuser -u postgres -- psql -q -p "$pg_port" -tc \
    "SELECT 1 FROM pg_database WHERE datname = 'limber_test'" | grep -q 1 ||
    "${as_root[@]}" runuser -u postgres -- psql -q -p "$pg_port" -c "CREATE DATABASE limber_test OWNER limber"
# Commits on the test database do not wait for the disk (each test's schema is thrown away, and
# the restart and cluster tests run servers of their own): the PostgreSQL tests wait less.
"${as_root[@]}" runuser -u postgres -- psql -q -p "$pg_port" -c \
    "ALTER DATABASE limber_test SET synchronous_commit = off"
export LIMBER_TEST_POSTGRES="host=127.0.0.1 port=$pg_port dbname=limber_test user=limber"
