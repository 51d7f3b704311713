#!/usr/bin/env bash
# The Debian package installed as an administrator would: into a fresh minimal Debian 12 root
# made with debootstrap (cached between runs in LIMBER_DEBIAN_ROOT, default
# ~/.cache/limber/bookworm-root, outside the source tree), then `limber serve` started the way
# the unit starts it (as the limber user, with /etc/limber/limber.properties), a sign-in over
# HTTP, a handout printed by the installed binary, and a purge that leaves only what Debian
# keeps (the data folder and the limber user). Needs root (chroot, mount) and the Debian mirror.
# Usage: install-in-debian.sh BUILD_DIR
set -euo pipefail
build="$1"
cache="${LIMBER_DEBIAN_ROOT:-$HOME/.cache/limber/bookworm-root}"
mirror="${LIMBER_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
fail() { echo "package install: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || { echo "package install: needs root (chroot); skipped" >&2; exit 77; }

deb="$(ls -t "$build"/limber_*.deb 2>/dev/null | head -1 || true)"
[[ -f "$deb" ]] || (cd "$build" && cpack -G DEB >/dev/null)
deb="$(ls -t "$build"/limber_*.deb | head -1)"

if [[ ! -x "$cache/usr/bin/apt-get" ]]; then
    mkdir -p "$(dirname "$cache")"
    rm -rf "$cache.part"
    debootstrap --variant=minbase bookworm "$cache.part" "$mirror" >"$cache.log" 2>&1 ||
        { tail -20 "$cache.log" >&2; fail "debootstrap could not make a Debian 12 root (see $cache.log)"; }
    mv "$cache.part" "$cache"
fi

work="$(mktemp -d)"
root="$work/root"
server=""
cleanup() {
    [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
    for mount in proc dev/pts dev; do umount "$root/$mount" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
cp -a "$cache" "$root"
mount -t proc proc "$root/proc"
mount --bind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/limber.deb"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }

in_root apt-get update -qq >/dev/null
DEBIAN_FRONTEND=noninteractive in_root apt-get install -y -qq /tmp/limber.deb >"$work/install.log" 2>&1 ||
    { cat "$work/install.log" >&2; fail "apt-get install of the package failed"; }
in_root getent passwd limber >/dev/null || fail "postinst made no limber user"
# Owners as the root's own user database names them.
[[ "$(in_root stat -c '%a %U' /var/lib/limber)" == "700 limber" ]] ||
    fail "/var/lib/limber is $(in_root stat -c '%a %U' /var/lib/limber), not 700 limber"
[[ -d "$root/var/log/limber" ]] || fail "no /var/log/limber"
in_root runuser -u limber -- limber config check --config /etc/limber/limber.properties >/dev/null ||
    fail "the installed configuration does not pass limber config check"

# The first admin, then the server as the unit runs it (another port: this shares the network).
printf 'a fine password\n' | in_root runuser -u limber -- limber user add admin@clinic.example \
    --name Admin --role admin --new-clinic "Harbor PT" --config /etc/limber/limber.properties \
    >/dev/null || fail "limber user add failed"
port=$(( 20000 + RANDOM % 20000 ))
chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LIMBER_SERVER_PORT="$port" \
    runuser -u limber -- /usr/bin/limber serve --config /etc/limber/limber.properties \
    >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do
    curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null || { cat "$work/serve.log" >&2; fail "not serving"; }
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"email":"admin@clinic.example","password":"a fine password"}' \
    "http://127.0.0.1:$port/api/v1/auth/login")
[[ "$status" == 200 ]] || fail "sign-in answered $status"
# grep reads the whole page (not -q): a grep that stopped at the first match could close the
# pipe while curl still writes, and pipefail would then take curl's error for missing metrics.
curl -fsS "http://127.0.0.1:$port/metrics" | grep '^limber_http_requests_total' >/dev/null ||
    fail "no metrics"
in_root runuser -u limber -- limber handout /usr/share/doc/limber/examples/runner-back-care.json \
    -o /var/lib/limber/handout.pdf >/dev/null || fail "printing a handout failed"
head -c 5 "$root/var/lib/limber/handout.pdf" | grep -q '%PDF-' || fail "the handout is not a PDF"
grep -q "GET /healthz 200" "$root/var/log/limber/limber.log" || fail "no request lines in the log"
kill "$server"; wait "$server" 2>/dev/null || true; server=""

DEBIAN_FRONTEND=noninteractive in_root apt-get purge -y -qq limber >"$work/purge.log" 2>&1 ||
    { cat "$work/purge.log" >&2; fail "purge failed"; }
for gone in /usr/bin/limber /etc/limber /var/log/limber /lib/systemd/system/limber.service \
    /etc/logrotate.d/limber; do
    [[ ! -e "$root$gone" ]] || fail "$gone is left after purge"
done
[[ -f "$root/var/lib/limber/limber.db" ]] || fail "purge removed the clinic's data"
echo "package install: installed, served, signed in, printed a handout and purged in Debian 12"
