#!/usr/bin/env bash
# The Debian package as an administrator gets it: built by CPack from BUILD_DIR, checked by
# lintian (no errors), its systemd unit checked by systemd-analyze verify in a root holding the
# package's files, and its unit's exposure reported by systemd-analyze security.
# Usage: check-package.sh BUILD_DIR
set -euo pipefail
build="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "package: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log" >&2; fail "cpack failed"; }
deb="$(ls -t "$build"/limber_*.deb | head -1)"
[[ -f "$deb" ]] || fail "no limber_*.deb in $build"

# Lintian: errors fail; warnings are printed for the record.
lintian --fail-on error --suppress-tags-from-file /dev/null "$deb" >"$work/lintian.txt" 2>&1 ||
    { cat "$work/lintian.txt" >&2; fail "lintian found errors"; }
cat "$work/lintian.txt"

# What the package holds and how it is set up.
contents="$(dpkg-deb --contents "$deb")"
for path in ./usr/bin/limber ./lib/systemd/system/limber.service ./etc/limber/limber.properties \
    ./etc/logrotate.d/limber ./usr/share/man/man1/limber.1.gz \
    ./usr/lib/limber/plugins/webhook/webhook.so ./usr/lib/limber/plugins/webhook/plugin.json \
    ./usr/include/limber/plugin/Plugin.h; do
    grep -q " $path\$" <<<"$contents" || fail "the package lacks $path"
done
dpkg-deb --info "$deb" conffiles | grep -qx /etc/limber/limber.properties ||
    fail "/etc/limber/limber.properties is not a conffile"
dpkg-deb --field "$deb" Depends | grep -q "libpoco" || fail "no dependency on Debian's Poco"

# The unit, in a root holding the package's files and the system's targets.
root="$work/root"
dpkg-deb -x "$deb" "$root"
mkdir -p "$root/lib/systemd/system"
cp -a /lib/systemd/system/*.target /lib/systemd/system/*.slice "$root/lib/systemd/system/"
systemd-analyze verify --man=no --root="$root" /lib/systemd/system/limber.service ||
    fail "systemd-analyze verify found problems in limber.service"
exposure="$(systemd-analyze security --offline=yes --root="$root" limber.service | tail -1)"
echo "$exposure"
grep -qE "exposure level for limber.service: [0-2]\.[0-9] OK" <<<"$exposure" ||
    fail "the unit's hardening slipped: $exposure"
echo "package: $deb passes lintian and systemd-analyze"
