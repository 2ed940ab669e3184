/// The bill number a handheld makes by itself while offline:
/// `PREFIX + "X" + CODE + SEQ + CHECK`.
///
/// - `PREFIX`: the city's `billNumberPrefix` (online bill numbers continue with a digit, `yyMMdd`;
///   offline ones with `X`);
/// - `CODE`: the device's ``DeviceCode`` (4 characters);
/// - `SEQ`: the device sequence in Crockford base32 without leading zeros (at least 1 character);
/// - `CHECK`: one Crockford base32 character, Luhn mod 32 over the characters after the prefix.
///
/// Unique without the server (the device code is unique in the city, the sequence in the device);
/// not unguessable, and need not be: paying someone else's bill only gives the city money.
///
/// The check character catches every single mistyped character and every swap of two
/// neighbouring characters except one pair: `0` next to `Z` (values 0 and 31), Luhn mod N's known
/// blind spot (as `09`/`90` is for the decimal Luhn check).
public enum OfflineBillNumber {
    /// The character after the prefix that marks an offline bill number.
    public static let marker: UInt8 = UInt8(ascii: "X")

    /// Makes the bill number for a device's sequence.
    ///
    /// - Throws: `invoice.invalidBillNumber` (field `prefix`) when the prefix is not 1–8 characters
    ///   A–Z, a–z, 0–9, or (field `sequence`) when the sequence is not positive or the number
    ///   would be longer than 25 characters.
    public static func make(prefix: String, deviceCode: DeviceCode, sequence: Int64) throws -> BillNumber {
        guard (1...8).contains(prefix.utf8.count), prefix.utf8.allSatisfy(\.isASCIIAlphanumeric) else {
            throw LedgerError(
                .invalidBillNumber, "bill number prefix \"\(prefix)\" must be 1–8 characters A–Z, a–z, 0–9",
                field: "prefix")
        }
        guard sequence > 0 else {
            throw LedgerError(.invalidBillNumber, "sequence \(sequence) must be at least 1", field: "sequence")
        }
        var body: [UInt8] = [marker]
        body.append(contentsOf: deviceCode.rawValue.utf8)
        body.append(contentsOf: base32(sequence))
        body.append(checkSymbol(for: body))
        let text = prefix + String(decoding: body, as: UTF8.self)
        guard text.utf8.count <= BillNumber.maximumLength else {
            throw LedgerError(
                .invalidBillNumber,
                "sequence \(sequence) makes the offline bill number \(text.utf8.count) characters, more than \(BillNumber.maximumLength)",
                field: "sequence")
        }
        return try BillNumber(text)
    }

    /// Reads an offline bill number of a city: the device code and sequence it names, or nil when
    /// `text` is not one (another prefix, an online bill number, a bad check character, a sequence
    /// with leading zeros, lower case).
    public static func parse(_ text: String, prefix: String) -> (deviceCode: DeviceCode, sequence: Int64)? {
        let bytes = Array(text.utf8)
        let prefixBytes = Array(prefix.utf8)
        guard !prefixBytes.isEmpty, bytes.count <= BillNumber.maximumLength, bytes.starts(with: prefixBytes) else {
            return nil
        }
        let body = Array(bytes[prefixBytes.count...])
        // X + 4 code characters + at least 1 sequence character + check.
        guard body.count >= 2 + DeviceCode.length + 1, body[0] == marker,
            body.allSatisfy({ CrockfordSymbols.value(of: $0) != nil }), isValidCheck(body)
        else { return nil }
        let codeEnd = 1 + DeviceCode.length
        guard let code = try? DeviceCode(String(decoding: body[1..<codeEnd], as: UTF8.self)) else { return nil }
        let digits = body[codeEnd..<(body.count - 1)]
        guard digits.first != UInt8(ascii: "0"), digits.count <= 12 else { return nil }
        var sequence: Int64 = 0
        for byte in digits { sequence = sequence * 32 + Int64(CrockfordSymbols.value(of: byte)!) }
        return (code, sequence)
    }

    /// The sequence in Crockford base32 without leading zeros.
    static func base32(_ sequence: Int64) -> [UInt8] {
        var value = UInt64(sequence)
        var digits: [UInt8] = []
        repeat {
            digits.append(CrockfordSymbols.symbol(Int(value % 32)))
            value /= 32
        } while value > 0
        return digits.reversed()
    }

    /// The Luhn mod 32 check symbol for Crockford symbols (Luhn mod N: from the right, every
    /// second symbol's value doubled and its base-32 digits summed).
    public static func checkSymbol(for symbols: [UInt8]) -> UInt8 {
        var factor = 2
        var sum = 0
        for byte in symbols.reversed() {
            let addend = factor * (CrockfordSymbols.value(of: byte) ?? 0)
            sum += addend / 32 + addend % 32
            factor = factor == 2 ? 1 : 2
        }
        return CrockfordSymbols.symbol((32 - sum % 32) % 32)
    }

    /// Whether the last symbol is the Luhn mod 32 check of the ones before it.
    public static func isValidCheck(_ symbols: [UInt8]) -> Bool {
        guard let last = symbols.last else { return false }
        return checkSymbol(for: Array(symbols.dropLast())) == last
    }
}
