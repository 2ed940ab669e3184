import Foundation

/// An invoice's bill number: the one key that joins a ticket to the bank statement.
///
/// Carried as QRIS tag 62-01 (EMVCo MPM 4.7.x, "Bill Number", up to 25 characters) and as the SNAP
/// `partnerReferenceNo`. In Lunas it is 1–25 characters `A–Z a–z 0–9`, unique forever, never
/// re-formatted.
public struct BillNumber: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The bill number's text.
    public let rawValue: String

    /// The longest bill number QRIS tag 62-01 carries.
    public static let maximumLength = 25

    /// Validates and wraps a bill number.
    ///
    /// - Throws: `LedgerError` `invoice.invalidBillNumber` naming the bad value and the reason.
    public init(_ rawValue: String) throws {
        guard !rawValue.isEmpty, rawValue.utf8.count <= Self.maximumLength else {
            throw LedgerError(
                .invalidBillNumber,
                "billNumber \"\(rawValue)\" must be 1–\(Self.maximumLength) characters, has \(rawValue.utf8.count)",
                field: "billNumber"
            )
        }
        if let offset = rawValue.utf8.firstIndex(where: { !$0.isASCIIAlphanumeric }) {
            let position = rawValue.utf8.distance(from: rawValue.utf8.startIndex, to: offset)
            throw LedgerError(
                .invalidBillNumber,
                "billNumber \"\(rawValue)\" has a character other than A–Z, a–z, 0–9 at offset \(position)",
                field: "billNumber"
            )
        }
        self.rawValue = rawValue
    }

    public var description: String { rawValue }

    public static func < (lhs: BillNumber, rhs: BillNumber) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Generates a new bill number: `prefix` + the date `yyMMdd` in `timeZone` + the millisecond of
    /// that day (6 Crockford base32 characters) + random base32 characters filling up to `length`
    /// (default 24: with a 4-character prefix, 8 random characters, 40 bits per millisecond).
    ///
    /// The number does not depend on the device, so it tells nothing about who issued it and cannot
    /// be guessed; it grows with time, so the store's index takes it at its end. The store's UNIQUE
    /// constraint refuses the (vanishingly rare) repeat, and the caller draws again.
    /// - Throws: `LedgerError` `invoice.invalidBillNumber` if the prefix is not 1–8 alphanumerics
    ///   or leaves fewer than 8 random characters.
    public static func generate(
        prefix: String, date: Date, timeZone: TimeZone, length: Int = 24,
        using generator: inout some RandomNumberGenerator
    ) throws -> BillNumber {
        guard (1...8).contains(prefix.utf8.count), prefix.utf8.allSatisfy(\.isASCIIAlphanumeric) else {
            throw LedgerError(
                .invalidBillNumber, "bill number prefix \"\(prefix)\" must be 1–8 characters A–Z, a–z, 0–9",
                field: "prefix")
        }
        let randomCount = min(length, maximumLength) - prefix.utf8.count - 12
        guard randomCount >= 6 else {
            throw LedgerError(
                .invalidBillNumber, "bill number length \(length) leaves \(randomCount) random characters; need 6",
                field: "length")
        }
        // One time zone look-up (it is the slow part): the local date and millisecond of the day.
        let offsetSeconds = Int64(timeZone.secondsFromGMT(for: date))
        let local = date.ledgerMilliseconds + offsetSeconds * 1000
        let millisecondOfDay = UInt64(((local % 86_400_000) + 86_400_000) % 86_400_000)
        var bytes = Array(prefix.utf8)
        bytes.reserveCapacity(maximumLength)
        bytes.append(
            contentsOf: civilDate(
                localSeconds: Int64(date.timeIntervalSince1970.rounded(.down)) + offsetSeconds
            ).utf8)
        LedgerSymbols.append(millisecondOfDay, count: 6, to: &bytes)
        LedgerSymbols.appendRandom(count: randomCount, to: &bytes, using: &generator)
        return try BillNumber(String(decoding: bytes, as: UTF8.self))
    }

    /// ``generate(prefix:date:timeZone:length:using:)`` with the system's random generator.
    public static func generate(
        prefix: String, date: Date, timeZone: TimeZone, length: Int = 24
    ) throws
        -> BillNumber
    {
        var generator = SystemRandomNumberGenerator()
        return try generate(prefix: prefix, date: date, timeZone: timeZone, length: length, using: &generator)
    }
}

/// `yyMMdd` of the local time `seconds` after the epoch (UTC seconds plus the zone's offset), by
/// arithmetic on days since the epoch (the proleptic Gregorian calendar; Howard Hinnant's
/// `civil_from_days`), because a `Calendar` per bill number is slow.
func civilDate(localSeconds seconds: Int64) -> String {
    let (year, month, day) = CivilDate(utcSeconds: seconds, offsetSeconds: 0).components
    func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return twoDigits((year % 100 + 100) % 100) + twoDigits(month) + twoDigits(day)
}

extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self)
    }
}

extension LedgerError.Code {
    /// A bill number is empty, too long or has a character outside A–Z, a–z, 0–9.
    public static let invalidBillNumber = Self("invoice.invalidBillNumber")
}
