#!/usr/bin/env bash
# Counts CPU instructions per QR image with valgrind's callgrind: a figure that does not depend on
# how loaded the machine is (wall-clock benchmarks on a shared 2-core box vary 3-5x).
# Prints instructions per payload → QRMatrix, per payload → PNG, and for libqrencode alone in C.
# Needs valgrind, gcc, swiftc and libqrencode-dev. Run from anywhere: Benchmarks/qrimage/instructions.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

swiftc -O -wmo -module-name QRImageHarness \
    -Xcc -fmodule-map-file="$root/Sources/CQRencode/module.modulemap" \
    -Xcc -fmodule-map-file="$root/Sources/CZlib/module.modulemap" \
    "$root"/Sources/QRImage/*.swift "$here/harness/main.swift" -o "$out/harness" 2>"$out/swiftc.log" \
    || { cat "$out/swiftc.log" >&2; exit 1; }
gcc -O2 -o "$out/baseline" "$here/libqrencode_baseline.c" $(pkg-config --cflags --libs libqrencode)

# Instructions of a run: the "Collected" total callgrind prints.
count() {
    valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" "$@" 2>&1 >/dev/null \
        | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
}
# Per-iteration cost = difference between a long and a short run, so start-up cancels out.
per_iteration() {
    local short long
    short=$(count "$@" 20)
    long=$(count "$@" 60)
    echo $(((long - short) / 40))
}
matrix=$(per_iteration "$out/harness" matrix)
png=$(per_iteration "$out/harness" png)
baseline=$(( ($(count "$out/baseline" 60 1) - $(count "$out/baseline" 20 1)) / 40 ))
echo "instructions per image (183-char dynamic QRIS, EC M, version 10):"
echo "  libqrencode alone (C):        $baseline"
echo "  payload -> QRMatrix (Swift):  $matrix"
echo "  payload -> PNG, scale 8:      $png"
