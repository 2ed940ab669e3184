#!/usr/bin/env bash
# docs/ARCHITECTURE.md must be what scripts/architecture.py generates from Package.swift
# (`swift package dump-package`) and docs/architecture-modules.md today: the module graph cannot
# drift from the package, and every target must be described. On a difference it prints the diff;
# `python3 scripts/architecture.py` rewrites the file.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x /opt/swift/usr/bin/swift ] && export PATH="$PATH:/opt/swift/usr/bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/architecture.py --out "$work/ARCHITECTURE.md"
if ! diff -u docs/ARCHITECTURE.md "$work/ARCHITECTURE.md" >"$work/diff"; then
    cat "$work/diff" >&2
    echo "architecture.sh: docs/ARCHITECTURE.md is out of date; run python3 scripts/architecture.py" >&2
    exit 1
fi
echo "architecture.sh: docs/ARCHITECTURE.md matches Package.swift and docs/architecture-modules.md"
