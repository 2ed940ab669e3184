/// A device's short code: 4 Crockford base32 characters (`0-9A-Z` without I, L, O, U), drawn at
/// random by the server and unique in the city. It names the device inside offline bill numbers
/// (``OfflineBillNumber``), so a payment for a bill the server has not seen yet still tells whose
/// handheld issued it.
///
/// Given at enrolment (`device.enrolled`, member `code`) or, for a device enrolled before codes
/// existed, when it registers its key (`device.keyRegistered`).
public struct DeviceCode: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The number of characters.
    public static let length = 4

    /// The code's text: exactly ``length`` upper-case Crockford base32 characters.
    public let rawValue: String

    /// Validates a code.
    ///
    /// - Throws: `device.invalidCode` (field `deviceCode`) unless `text` is 4 upper-case Crockford
    ///   base32 characters.
    public init(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.count == Self.length, bytes.allSatisfy({ CrockfordSymbols.value(of: $0) != nil }) else {
            throw LedgerError(
                .invalidDeviceCode,
                "deviceCode \"\(text)\" must be \(Self.length) characters 0–9, A–Z without I, L, O, U",
                field: "deviceCode")
        }
        rawValue = text
    }

    /// A random code (the caller checks it is not taken and draws again when it is).
    public static func random(using generator: inout some RandomNumberGenerator) -> DeviceCode {
        // The alphabet's symbols are always valid.
        try! DeviceCode(LedgerSymbols.random(count: length, using: &generator))
    }

    /// ``random(using:)`` with the system's generator.
    public static func random() -> DeviceCode {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    public var description: String { rawValue }

    public static func < (lhs: DeviceCode, rhs: DeviceCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(text)
        } catch let error as LedgerError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.message)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The canonical (upper-case, strict) Crockford base32 symbols and their values: no forgiving
/// reading of lower case or look-alikes, because codes and bill numbers are compared as text.
enum CrockfordSymbols {
    /// The value 0–31 of a canonical symbol, or nil.
    static func value(of byte: UInt8) -> Int? {
        guard let index = LedgerSymbols.alphabet.firstIndex(of: byte) else { return nil }
        return index
    }

    /// The symbol of a value 0–31.
    static func symbol(_ value: Int) -> UInt8 { LedgerSymbols.alphabet[value] }
}

extension LedgerError.Code {
    /// A device code is not 4 Crockford base32 characters.
    public static let invalidDeviceCode = LedgerError.Code("device.invalidCode")
}
