#!/usr/bin/env bash
# Installs what is missing, builds Limber with its tests and runs every test, against SQLite
# files and a PostgreSQL server of its own on 127.0.0.1:54329 (tests named PostgreSQL/... run
# a suite a second time on it), and the end-to-end walks in
# Debian's Chromium (screenshots in build/<preset>/browser-artifacts/).
#   bash tests/run.sh               the Release build
#   bash tests/run.sh sanitize      a Debug build with AddressSanitizer and UBSan (every test
#                                   but the labels package and fhir: CMakePresets.json)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"

bash .ci/install-deps --tests
source tests/start-postgres.sh

source tests/compiler-cache.sh
cmake --preset "$preset" -G Ninja -DLIMBER_BUILD_TESTS=ON "${cache_flags[@]}" >/dev/null
cmake --build --preset "$preset"
# The browser walks fail (instead of reporting a skip) if Chromium or their npm packages are
# missing: install-deps above put them there. So do the tests on PostgreSQL (the store contract,
# the upgrades, the service and web suites and a walk run a second time on it) if no server
# answers: start-postgres.sh above started one.
export LIMBER_REQUIRE_BROWSER=1
export LIMBER_REQUIRE_FHIR_VALIDATORS=1
export LIMBER_REQUIRE_POSTGRES=1
ctest --preset "$preset" -j2
