#!/usr/bin/env bash
# The QR fast paths against the plain ones, side by side in one run (STYLE.md: a fast path stays
# only with a measured end-to-end gain of at least 10 %):
#   matrix        payload -> QRMatrix, Lunas's mask choice (QRcode_encodeMask + QRMaskEvaluator)
#   matrix-plain  payload -> QRMatrix, QRcode_encodeData alone
#   png           payload -> PNG as shipped (own mask choice, ScanlineDeflater)
#   png-zlib      own mask choice, zlib level 1 with Up filters instead of ScanlineDeflater
#   png-plain     QRcode_encodeData and zlib level 1: the plain path end to end
# Prints CPU time (user + system) per image for ROUNDS alternating rounds of N images each, then
# instructions per image under callgrind (if valgrind is installed).
#   Benchmarks/qrimage/compare-paths.sh [N (3000) [ROUNDS (3)]]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
n=${1:-3000}
rounds=${2:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# zlib's level for the plain path: 1 (its fastest), not the level 6 of `.small`.
mkdir "$out/src"
cp "$root"/Sources/QRImage/*.swift "$out/src/"
sed -i 's/&stream, 6, Z_DEFLATED/\&stream, 1, Z_DEFLATED/' "$out/src/PNGWriter.swift"
grep -q '&stream, 1, Z_DEFLATED' "$out/src/PNGWriter.swift" || { echo "PNGWriter: zlib level not found" >&2; exit 1; }
cat >"$out/main.swift" <<'SWIFT'
let payload =
    "00020101021226390015ID.CO.BPDMALUKU0116936001310000123451440014ID.CO.QRIS.WWW0215ID1022161397420"
    + "0303UMI520475235303360540450005802ID5912PARKIR AMBON6005AMBON62140110AMB2611231630413BB"
let bytes = Array(payload.utf8)
let mode = CommandLine.arguments[1]
let count = Int(CommandLine.arguments[2]) ?? 1
var total = 0
for _ in 0..<count {
    switch mode {
    case "matrix": total &+= try QRMatrix(bytes: bytes, errorCorrection: .medium, ownMaskChoice: true).size
    case "matrix-plain": total &+= try QRMatrix(bytes: bytes, errorCorrection: .medium, ownMaskChoice: false).size
    case "png": total &+= try QRMatrix(bytes: bytes, errorCorrection: .medium, ownMaskChoice: true).png().count
    case "png-zlib":
        let matrix = try QRMatrix(bytes: bytes, errorCorrection: .medium, ownMaskChoice: true)
        total &+= try matrix.png(compression: .small).count
    case "png-plain":
        let matrix = try QRMatrix(bytes: bytes, errorCorrection: .medium, ownMaskChoice: false)
        total &+= try matrix.png(compression: .small).count
    default: fatalError("mode")
    }
}
print(total / max(count, 1))
SWIFT
swiftc -O -wmo -module-name QRImageCompare \
    -Xcc -fmodule-map-file="$root/Sources/CQRencode/module.modulemap" \
    -Xcc -fmodule-map-file="$root/Sources/CZlib/module.modulemap" \
    "$out"/src/*.swift "$out/main.swift" -o "$out/compare" 2>"$out/swiftc.log" \
    || { cat "$out/swiftc.log" >&2; exit 1; }

modes="matrix matrix-plain png png-zlib png-plain"
echo "bytes per PNG: fast $("$out/compare" png 1), zlib level 1 $("$out/compare" png-zlib 1)"
echo "CPU time per image (user + system), $rounds alternating rounds of $n images:"
for round in $(seq "$rounds"); do
    line="  round $round:"
    for mode in $modes; do
        cpu=$( { /usr/bin/time -f "%U %S" "$out/compare" "$mode" "$n" >/dev/null; } 2>&1 | tail -1)
        line="$line $mode $(echo "$cpu" | awk -v n="$n" '{printf "%.0f", ($1 + $2) * 1e6 / n}') us,"
    done
    echo "${line%,}"
done
if command -v valgrind >/dev/null; then
    count() {
        valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" "$@" 2>&1 >/dev/null \
            | sed -n 's/.*Collected : \([0-9]*\).*/\1/p'
    }
    echo "instructions per image (callgrind, 30 minus 10 images, / 20):"
    for mode in $modes; do
        echo "  $mode $(( ($(count "$out/compare" "$mode" 30) - $(count "$out/compare" "$mode" 10)) / 20 ))"
    done
fi
