#!/usr/bin/env bash
# Limber behind Debian's nginx, on loopback, with examples/nginx/limber.conf as the site:
# nginx speaks HTTPS to the client and plain HTTP to Limber (server.trustedProxies =
# 127.0.0.1). Clients connect from different loopback addresses (127.0.0.3, .4, .5) and
# Limber must see each one's own address: in the audit trail, and in the sign-in throttle,
# which counts per client, not per proxy. Forwarding headers a client forges count for nothing.
#   bash tests/proxy/nginx-proxy.sh LIMBER_BINARY
# Exits 77 (skipped) without nginx, except in CI (CI=true), where that fails.
set -euo pipefail
limber="$1"
root="$(cd "$(dirname "$0")/../.." && pwd)"
site="$root/examples/nginx/limber.conf"

nginx_bin="$(command -v nginx || true)"
[[ -z "$nginx_bin" && -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx
if [[ -z "$nginx_bin" ]]; then
    echo "nginx is not installed (bash .ci/install-deps --tests installs it)"
    [[ "${CI:-}" == "true" ]] && exit 1
    exit 77
fi

dir="$(mktemp -d)"
limber_pid=""
nginx_pid=""
cleanup() {
    [[ -n "$nginx_pid" ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
    [[ -n "$limber_pid" ]] && kill "$limber_pid" 2>/dev/null && wait "$limber_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT
fail() {
    echo "FAILED: $*"
    echo "--- nginx error log"; cat "$dir/error.log" 2>/dev/null || true
    exit 1
}

# Limber on a free port, trusting the proxy on 127.0.0.1 only.
mkdir -p "$dir/data"
cat > "$dir/limber.properties" <<PROPERTIES
server.trustedProxies = 127.0.0.1
log.file = $dir/limber.log
PROPERTIES
"$limber" serve --port 0 --data-dir "$dir/data" --config "$dir/limber.properties" --demo \
    > "$dir/limber.out" 2>&1 &
limber_pid=$!
for _ in $(seq 100); do
    grep -q "serving on" "$dir/limber.out" 2>/dev/null && break
    sleep 0.1
done
limber_port="$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$dir/limber.out" | head -1)"
[[ -n "$limber_port" ]] || fail "Limber did not start: $(cat "$dir/limber.out")"

# nginx with the example site, moved to free loopback ports and a certificate made here.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
read -r https_port http_port < <(python3 -c '
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in sockets])')
sed -e "s|server 127.0.0.1:8080;|server 127.0.0.1:$limber_port;|" \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|" \
    -e "s|listen 80;|listen 127.0.0.1:$http_port;|" \
    -e "/listen \[::\]/d" \
    -e "s|ssl_certificate .*|ssl_certificate $dir/cert.pem;|" \
    -e "s|ssl_certificate_key .*|ssl_certificate_key $dir/key.pem;|" \
    "$site" > "$dir/site.conf"
grep -q "127.0.0.1:$limber_port" "$dir/site.conf" || fail "the example's upstream line changed"
grep -q "127.0.0.1:$https_port ssl" "$dir/site.conf" || fail "the example's listen line changed"
mkdir -p "$dir/temp"
cat > "$dir/nginx.conf" <<NGINX
user $(id -un);
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 256; }
http {
    access_log $dir/access.log;
    client_body_temp_path $dir/temp/body;
    proxy_temp_path $dir/temp/proxy;
    fastcgi_temp_path $dir/temp/fastcgi;
    uwsgi_temp_path $dir/temp/uwsgi;
    scgi_temp_path $dir/temp/scgi;
    include $dir/site.conf;
}
NGINX
"$nginx_bin" -t -q -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" || fail "nginx -t"
"$nginx_bin" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf" -g "daemon off;" &
nginx_pid=$!
base="https://127.0.0.1:$https_port"
for _ in $(seq 100); do
    curl -skf -o /dev/null "$base/healthz" && break
    sleep 0.1
done

# As a client on 127.0.0.3: HTTPS at nginx, HSTS from Limber (it knows the scheme), the
# redirect from plain HTTP.
headers="$(curl -sk --interface 127.0.0.3 -D - -o /dev/null "$base/healthz")"
grep -q "^HTTP/[0-9.]* 200" <<<"$headers" || fail "/healthz through nginx: $headers"
grep -qi "^strict-transport-security: max-age=31536000" <<<"$headers" ||
    fail "no HSTS although nginx served HTTPS: $headers"
redirect="$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http_port/x")"
[[ "$redirect" == "301 https://127.0.0.1/x" ]] || fail "plain HTTP: $redirect"

# Signing in from 127.0.0.3 while forging every forwarding header.
login="{\"email\": \"demo@limber.example\", \"password\": \"limber-demo\"}"
status="$(curl -sk --interface 127.0.0.3 -c "$dir/cookies" -o /dev/null -w '%{http_code}' \
    -H 'Content-Type: application/json' -H 'X-Forwarded-For: 6.6.6.6' \
    -H 'Forwarded: for=7.7.7.7' -H 'X-Forwarded-Proto: http' \
    --data "$login" "$base/api/v1/auth/login")"
[[ "$status" == "200" ]] || fail "sign-in through nginx answered $status"

# The audit trail names the client, not the proxy and not the forged addresses.
audit="$(curl -sk --interface 127.0.0.3 -b "$dir/cookies" "$base/admin/audit.csv")"
grep "user.signin" <<<"$audit" | grep -q "127.0.0.3" ||
    fail "the audit trail does not show the client's address 127.0.0.3: $audit"
if grep -E "6\.6\.6\.6|7\.7\.7\.7" <<<"$audit"; then
    fail "a forged forwarding header reached the audit trail"
fi

# The sign-in throttle counts per client: 127.0.0.4 fails until it must wait...
throttled=""
for attempt in $(seq 30); do
    code="$(curl -sk --interface 127.0.0.4 -o /dev/null -w '%{http_code}' \
        -H 'Content-Type: application/json' \
        --data "{\"email\": \"nobody$attempt@clinic.example\", \"password\": \"wrong guess\"}" \
        "$base/api/v1/auth/login")"
    if [[ "$code" == "429" ]]; then
        throttled="$attempt"
        break
    fi
    [[ "$code" == "401" ]] || fail "a wrong sign-in answered $code"
done
[[ -n "$throttled" ]] || fail "30 failed sign-ins from one client were never slowed down"
# ...while another client behind the same proxy is not held back.
code="$(curl -sk --interface 127.0.0.5 -o /dev/null -w '%{http_code}' \
    -H 'Content-Type: application/json' --data "$login" "$base/api/v1/auth/login")"
[[ "$code" == "200" ]] || fail "another client behind the proxy was throttled too ($code)"

echo "nginx in front of Limber: HTTPS, client addresses and per-client throttles hold" \
    "(throttled after $throttled failures)"
