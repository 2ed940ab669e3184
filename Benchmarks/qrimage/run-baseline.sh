#!/usr/bin/env bash
# Builds and runs the libqrencode-only baseline for the QRImage benchmarks (see README).
# Usage: run-baseline.sh [iterations (5000) [runs (5)]]
set -euo pipefail
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gcc -O2 -o "$out/baseline" libqrencode_baseline.c $(pkg-config --cflags --libs libqrencode)
"$out/baseline" "$@"
