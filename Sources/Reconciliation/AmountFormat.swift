/// How a settlement file writes money.
public enum AmountFormat: String, Sendable, Hashable, CaseIterable {
    /// `1000000` or `1000000.00` (a dot before at most two decimals, which must be zero).
    case plain
    /// Indonesian style: `1.000.000,00` or `1000000,00` (dots group thousands, a comma before decimals).
    case decimalComma = "decimal-comma"

    /// Parses whole rupiah, or nil if the value is not in this format or has non-zero sen.
    ///
    /// A leading `-` is allowed (refunds in signed files). At most 12 integer digits (under Rp1 trillion a
    /// row), so totals over millions of rows cannot overflow.
    @inline(__always)
    func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let n = bytes.count
        var i = 0
        var negative = false
        if n > 0, bytes[0] == UInt8(ascii: "-") {
            negative = true
            i = 1
        }
        let decimalMark: UInt8 = self == .plain ? UInt8(ascii: ".") : UInt8(ascii: ",")
        let groupMark: UInt8 = self == .plain ? 0 : UInt8(ascii: ".")
        var value: Int64 = 0
        var digitCount = 0
        var groupDigits = 0
        var groups = 0
        var firstGroupDigits = 0
        while i < n {
            let c = bytes[i]
            if c >= 48, c <= 57 {
                value = value &* 10 &+ Int64(c &- 48)
                digitCount += 1
                groupDigits += 1
                if digitCount > 12 { return nil }
            } else if c == groupMark, groupMark != 0 {
                if groups == 0 {
                    guard groupDigits >= 1, groupDigits <= 3 else { return nil }
                    firstGroupDigits = groupDigits
                } else if groupDigits != 3 {
                    return nil
                }
                groups += 1
                groupDigits = 0
            } else if c == decimalMark {
                break
            } else {
                return nil
            }
            i += 1
        }
        _ = firstGroupDigits
        if digitCount == 0 { return nil }
        if groups > 0, groupDigits != 3 { return nil }
        if i < n {
            // Decimals: one or two, all zero (rupiah has no sen in circulation).
            let decimals = n - i - 1
            guard decimals >= 1, decimals <= 2 else { return nil }
            for k in (i + 1)..<n where bytes[k] != UInt8(ascii: "0") { return nil }
        }
        return negative ? -value : value
    }

    /// Parses a `String` (tests and slow paths).
    func parse(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
