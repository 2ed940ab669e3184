#!/usr/bin/env bash
# The hardening issue's loopback attacks (forged and replayed notifies, huge amounts, lost
# notifies, cross-device cancels, reused idempotency keys) against a real `lunas serve --demo`
# on 127.0.0.1, in a throwaway data directory. See scripts/checks/attack.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
binary="$(swift build --show-bin-path)/lunas"
[ -x "$binary" ] || { echo "attack.sh: $binary is missing; build first" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/checks/attack.py "$binary" "$PWD/Config" "$work"
