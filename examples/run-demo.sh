#!/usr/bin/env bash
# Installs what is missing, builds Limber (Release) and serves the portal with a demo clinic
# on http://127.0.0.1:8080, keeping its data in ./limber-data. Stop it with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")/.."

bash .ci/install-deps
cmake --preset release -G Ninja -DLIMBER_BUILD_TESTS=OFF >/dev/null
cmake --build --preset release
exec build/release/limber serve --data-dir limber-data --port 8080 --demo
