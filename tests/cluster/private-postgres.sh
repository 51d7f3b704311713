# Sourced by the cluster tests: a PostgreSQL server of the test's own (initdb in a temporary
# folder, a free loopback port, trust on loopback), so that a test may stop and restart it
# without touching any other server. Needs $dir (the test's temporary folder).
# Defines: pg_start, pg_stop, pg_restart, pg_connection; pg_setup returns 77 when PostgreSQL's
# server programs are not installed.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
pg_as=()
[[ $(id -u) -eq 0 ]] && pg_as=(runuser -u postgres --)

pg_setup() {
    [[ -x "$pg_bin/initdb" && -x "$pg_bin/pg_ctl" ]] || return 77
    pg_data="$dir/pgdata"
    pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    mkdir -p "$pg_data"
    [[ ${#pg_as[@]} -gt 0 ]] && chown postgres "$dir" "$pg_data"
    "${pg_as[@]}" "$pg_bin/initdb" -D "$pg_data" -U limber --auth=trust -E UTF8 \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; return 1; }
    cat >>"$pg_data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$pg_data'
fsync = off
CONF
    pg_connection="host=127.0.0.1 port=$pg_port dbname=postgres user=limber connect_timeout=5"
}

pg_start() {
    "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -l "$dir/postgres.log" -w -t 30 start >/dev/null
}

pg_stop() {
    "${pg_as[@]}" "$pg_bin/pg_ctl" -D "$pg_data" -m fast -w -t 30 stop >/dev/null
}

pg_stop_quietly() {
    [[ -n "${pg_data:-}" && -f "$pg_data/postmaster.pid" ]] && pg_stop 2>/dev/null || true
}
