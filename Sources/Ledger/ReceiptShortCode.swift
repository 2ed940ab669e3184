import Crypto

/// A receipt's short code: ten Crockford base32 characters a citizen can type at `/cek`, printed
/// on the ticket as `XXXXX-XXXXX` beside the check URL.
///
/// Scheme (version 1):
/// - Nine data symbols: the first 45 bits of SHA-256 over the ASCII bytes `LUNAS-SHORT-v1`, a zero
///   byte, the invoice's bill number and one counter byte `k`.
/// - One check symbol `c` such that Σ (i + 1) · vᵢ ≡ 0 (mod 37) over all ten symbol values
///   vᵢ (i = 0…9, the check symbol last with weight 10).
/// - `k` is the smallest value from 0 up for which `c` is a plain symbol (0–31): Crockford's five
///   extra check symbols (`*~$=U`) are never used, so the code stays letters and digits.
///
/// Because 37 is prime and every weight (1–10) and every difference of two symbol values (±1–31)
/// is non-zero modulo 37, changing any one symbol changes the sum by wᵢ·d ≢ 0, and swapping any two
/// different symbols (adjacent or not) changes it by (wᵢ − wⱼ)(a − b) ≢ 0: every single mistyped
/// character and every swap of two characters is detected.
///
/// The code is derived from the bill number alone, so it is the same wherever it is computed (the
/// store, a replay, `ledger verify`) without a field in the chain. Uniqueness is the store's: the
/// `invoices.short_code` column is `UNIQUE`, and an issue that would repeat a code fails like a
/// repeated bill number, so the issuer draws a new bill number.
///
/// Reading is forgiving like ``ReceiptBase32``: any case, `I`/`L` as `1`, `O` as `0`, spaces and
/// hyphens ignored.
public struct ReceiptShortCode: Sendable, Hashable, CustomStringConvertible {
    /// The ten symbols, upper case, without separators.
    public let text: String

    /// Symbols in a code.
    public static let length = 10
    static let domain = Array("LUNAS-SHORT-v1".utf8) + [0]

    /// The code of the invoice with `billNumber`.
    public init(billNumber: BillNumber) {
        let base = Self.domain + Array(billNumber.rawValue.utf8)
        var counter: UInt8 = 0
        while true {
            let digest = Array(SHA256.hash(data: base + [counter]))
            var bits: UInt64 = 0
            for byte in digest.prefix(6) { bits = (bits << 8) | UInt64(byte) }
            bits >>= 3  // 48 → 45 bits
            var values: [Int] = []
            for shift in (0..<9).reversed() { values.append(Int((bits >> UInt64(5 * shift)) & 31)) }
            let check = Self.checkValue(for: values)
            if check < 32 {
                text = String(decoding: (values + [check]).map { ReceiptBase32.alphabet[$0] }, as: UTF8.self)
                return
            }
            // About one bill number in seven needs another counter; 256 failures in a row would
            // take a broken SHA-256.
            counter &+= 1
        }
    }

    /// Parses a code as a person typed it; nil unless it has ten symbols (after dropping spaces and
    /// hyphens) and its check symbol agrees.
    public init?(parsing typed: String) {
        var values: [Int] = []
        for byte in typed.utf8 where byte != UInt8(ascii: "-") && byte != UInt8(ascii: " ") {
            guard let value = ReceiptBase32.value(of: byte), values.count < Self.length else { return nil }
            values.append(Int(value))
        }
        guard values.count == Self.length, Self.weightedSum(values) % 37 == 0 else { return nil }
        text = String(decoding: values.map { ReceiptBase32.alphabet[$0] }, as: UTF8.self)
    }

    /// Whether `typed` looks like a short code (ten symbols after dropping spaces and hyphens),
    /// whatever its check symbol: a page can then say "mistyped" instead of "not a receipt".
    public static func hasShape(_ typed: String) -> Bool {
        var count = 0
        for byte in typed.utf8 where byte != UInt8(ascii: "-") && byte != UInt8(ascii: " ") {
            guard ReceiptBase32.value(of: byte) != nil else { return false }
            count += 1
        }
        return count == length
    }

    /// The code in two groups of five for printing and reading aloud: `7K3QX-9M2PA`.
    public var grouped: String { String(text.prefix(5)) + "-" + String(text.suffix(5)) }

    public var description: String { text }

    private static func weightedSum(_ values: [Int]) -> Int {
        values.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
    }

    /// The check value c (0–36) with 10·c ≡ −Σ (mod 37); 10⁻¹ ≡ 26 (mod 37).
    private static func checkValue(for data: [Int]) -> Int {
        let sum = weightedSum(data) % 37
        return ((37 - sum) % 37) * 26 % 37
    }
}
