/// A QRIS transaction amount or fixed fee (tags 54, 56): rupiah with 0–2 decimals.
///
/// EMVCo MPM 4.7.4 / QRIS 4.7.8.1: digits with at most one `.`; `25000`, `25000.00` and
/// `25000.` are valid; `25000,00`, `25.000`, `-5000`, `2.5e4` and `0` are not. IDR's ISO 4217
/// exponent is 2, so at most 2 decimals. Money stays integer: whole rupiah plus sen.
public struct QRISAmount: Sendable, Hashable {
    /// The whole rupiah.
    public var rupiah: Int64
    /// The hundredths (sen), 0–99; real QRIS codes never use them.
    public var sen: Int

    /// The amount in whole rupiah, or nil when it has a fraction of a rupiah.
    public var wholeRupiah: Int64? { sen == 0 ? rupiah : nil }

    /// Why a value is not a valid amount.
    enum Problem: Sendable {
        case empty, character, secondPoint, tooManyDecimals, tooLong, zero, noDigits
    }

    /// The longest amount EMVCo allows (tag 54 and 56 are ans ≤ 13).
    static let maximumLength = 13

    /// Parses an amount; `leadingZero` is set for `025000` (valid but never generated).
    static func parse(
        _ bytes: UnsafeBufferPointer<UInt8>
    ) -> (amount: QRISAmount?, problem: Problem?, leadingZero: Bool) {
        guard !bytes.isEmpty else { return (nil, .empty, false) }
        guard bytes.count <= maximumLength else { return (nil, .tooLong, false) }
        var rupiah: Int64 = 0
        var sen = 0
        var decimals = -1
        var integerDigits = 0
        for byte in bytes {
            if byte == 0x2E {
                guard decimals < 0 else { return (nil, .secondPoint, false) }
                decimals = 0
                continue
            }
            let digit = byte &- 0x30
            guard digit < 10 else { return (nil, .character, false) }
            if decimals < 0 {
                rupiah = rupiah * 10 + Int64(digit)
                integerDigits += 1
            } else {
                decimals += 1
                guard decimals <= 2 else { return (nil, .tooManyDecimals, false) }
                sen += Int(digit) * (decimals == 1 ? 10 : 1)
            }
        }
        guard integerDigits > 0 || decimals > 0 else { return (nil, .noDigits, false) }
        guard rupiah > 0 || sen > 0 else { return (nil, .zero, false) }
        return (QRISAmount(rupiah: rupiah, sen: sen), nil, integerDigits > 1 && bytes[0] == 0x30)
    }

    /// Parses an amount text; nil when it is not valid.
    public init?(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        guard let parsed = text.utf8.withContiguousStorageIfAvailable({ Self.parse($0).amount }),
            let amount = parsed
        else { return nil }
        self = amount
    }

    /// Creates an amount.
    public init(rupiah: Int64, sen: Int = 0) {
        self.rupiah = rupiah
        self.sen = sen
    }

    /// `Rp25.000` or `Rp25.000,50`: Indonesian grouping, for people.
    public var displayText: String {
        var digits = Array(String(rupiah))
        var grouped: [Character] = []
        while digits.count > 3 {
            grouped = ["."] + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        let whole = String(digits + grouped)
        guard sen != 0 else { return "Rp" + whole }
        return "Rp" + whole + "," + (sen < 10 ? "0\(sen)" : "\(sen)")
    }

    /// The message part that explains a problem.
    static func explain(_ problem: Problem) -> String {
        switch problem {
        case .empty, .noDigits: "has no digits"
        case .character: "may contain only digits and one '.' (no comma, space, sign, exponent or separator)"
        case .secondPoint: "has more than one '.'; thousands separators are not allowed"
        case .tooManyDecimals: "has more than 2 decimals (IDR has 2)"
        case .tooLong: "is longer than 13 characters"
        case .zero: "is zero"
        }
    }
}
