// libFuzzer harness for the QRIS parser and validator (kept out of SwiftPM targets).
// Built and run by scripts/fuzz-qris.sh:
//   swiftc -sanitize=fuzzer,address -parse-as-library -O Sources/QRIS/*.swift Fuzz/QRISFuzz/main.swift
// Any crash, trap or sanitizer report is a finding; so is a payload that validates without an
// error while its CRC does not match.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    guard let payload = try? QRISPayload(parsingBytes: bytes) else { return 0 }
    for profile in QRISValidationOptions.Profile.allCases {
        for strict in [false, true] {
            let issues = payload.validate(QRISValidationOptions(profile: profile, strict: strict))
            if !issues.containsError {
                let text = Array(payload.encoded.utf8)
                precondition(text.count >= 8, "a payload without a CRC validated")
                let crc = CRC16.hexString(CRC16.checksum(text.dropLast(4)))
                precondition(
                    String(decoding: text.suffix(4), as: UTF8.self).uppercased() == crc,
                    "validated with a wrong CRC")
            }
        }
    }
    _ = QRISSummary(payload).lines
    _ = try? QRISDataObject.encodeVerbatim(payload.dataObjects)
    precondition(
        (try? QRISDataObject.encodeVerbatim(payload.dataObjects)).map { Array($0.utf8) } == Array(payload.encoded.utf8),
        "re-encoding changed the bytes")
    _ = try? payload.makingDynamic(amount: 1000, billNumber: "FUZZ")
    return 0
}
