#!/usr/bin/env bash
# The main job: installs what is missing, builds a release binary and serves the demo city
# (Config/, Ambon, WIT) on its embedded SQLite database under ./data at http://127.0.0.1:8080.
# Extra arguments go to `lunas serve` (e.g. --port 9090, --data-dir /tmp/lunas). It runs in demo
# mode (--demo: the test-only simulator profile and its committed demo keys, loopback only); a
# production server runs without it, with a real acquirer profile (deploy/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
# The Swift toolchain of the Debian image lives in /opt/swift; add it when a login shell did not.
[ -x /opt/swift/usr/bin/swift ] && export PATH="$PATH:/opt/swift/usr/bin"

scripts/setup.sh
swift build -c release --product lunas
lunas="$(swift build -c release --show-bin-path)/lunas"
echo "run.sh: enrol a handheld in another terminal with"
echo "  $lunas device enroll --name 'Juru parkir 1' --role attendant --zone ayp-01"
exec "$lunas" serve --demo "$@"
