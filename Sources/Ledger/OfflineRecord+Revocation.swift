import Foundation

extension OfflineRecord {
    /// Every time the record claims: its `at`, `entryAt` and `exitAt`.
    public var times: [Date] { [at, entryAt, exitAt].compactMap { $0 } }

    /// A void's reason as the online route takes it: 1–200 characters, not only spaces, and none
    /// of the characters that hide or reorder text (controls, line breaks, direction marks); it is
    /// printed on the void slip and shown to staff.
    /// - Throws: `offline.invalidRecord` naming `reason` and the byte offset.
    static func checkReason(_ reason: String) throws {
        let count = reason.unicodeScalars.count
        guard (1...200).contains(count), !reason.allSatisfy(\.isWhitespace) else {
            throw LedgerError(
                .invalidOfflineRecord, "reason must be 1–200 characters (not only spaces), has \(count)",
                field: "reason")
        }
        var offset = 0
        for scalar in reason.unicodeScalars {
            if scalar.value == 0x0A || scalar.value == 0x0D || Complaint.isHidden(scalar) {
                throw LedgerError(
                    .invalidOfflineRecord,
                    "reason has U+\(String(scalar.value, radix: 16, uppercase: true)) at byte offset \(offset): "
                        + "control, line-break, direction and invisible characters are not accepted",
                    field: "reason")
            }
            offset += String(scalar).utf8.count
        }
    }

    /// The latest time the record claims: its `at`, `entryAt` and `exitAt`.
    public var latestTime: Date { [at, entryAt, exitAt].compactMap { $0 }.max() ?? at }

    /// Whether the record may still be accepted from `device` as far as revocation goes: always
    /// for an active device, and for a revoked one when none of its times is after the revocation
    /// ("nothing issued after the device's revocation time is accepted").
    public func precedesRevocation(of device: Device) -> Bool {
        guard let revokedAt = device.revokedAt else { return true }
        return latestTime <= revokedAt
    }
}
