#!/usr/bin/env bash
# QRIS check for CI: builds the libFuzzer harness for the QRIS parser and validator and runs it
# for a bounded time (QRIS_FUZZ_SECONDS, default 60).
#   bash scripts/checks/qris.sh
#   QRIS_FUZZ_SECONDS=600 bash scripts/checks/qris.sh
# The harness (Fuzz/QRISFuzz/main.swift) links Sources/QRIS directly, not through SwiftPM, with
# -sanitize=fuzzer,address. It fails on any crash, sanitizer report, or broken invariant (a
# payload that validates with a wrong CRC, re-encoding that changes bytes); libFuzzer then exits
# non-zero and leaves the input in .build/fuzz-qris/crash-*.
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${QRIS_FUZZ_SECONDS:-60}
out=.build/fuzz-qris
mkdir -p "$out/corpus"
cp Fuzz/QRISFuzz/corpus/* "$out/corpus/"

echo "qris: building the fuzz harness"
# Compile inside the output folder: swiftc leaves module files (QRIS-1.swiftmodule, …) in the
# working directory, and they must not land in the checkout.
root=$(pwd)
# QRIS imports ErrorModel (the error protocol every module shares): it is compiled first, as a
# module and an object file, with the same sanitizers.
(cd "$out" && swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name ErrorModel -wmo \
    -emit-module -emit-module-path ErrorModel.swiftmodule -emit-object -o ErrorModel.o \
    "$root"/Sources/ErrorModel/*.swift \
    && swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name QRIS -I . \
    "$root"/Sources/QRIS/*.swift "$root"/Fuzz/QRISFuzz/main.swift ErrorModel.o -o qris-fuzz)

echo "qris: fuzzing the parser for ${seconds}s"
cd "$out"
./qris-fuzz -max_total_time="$seconds" -max_len=1024 -timeout=5 -print_final_stats=1 corpus 2>fuzz.log || {
    tail -40 fuzz.log >&2
    echo "qris: the fuzzer found a failing input (see $out)" >&2
    exit 1
}
grep -E "^(Done|stat::number_of_executed_units|stat::average_exec_per_sec)" fuzz.log
echo "qris: fuzzing passed"
