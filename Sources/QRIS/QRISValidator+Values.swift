/// Rules for amounts, fees and the CRC (EMVCo MPM 4.7.3, 4.7.4, 4.7.8; QRIS 4.7.8).
extension QRISValidator {
    mutating func checkAmount(_ index: Int) {
        let (amount, problem, leadingZero) = QRISAmount.parse(value(index))
        if let problem {
            let code: QRISError.Code = problem == .zero ? .amountZero : .amountFormat
            report(
                code, at: index, "amount \(Printable.quote(text(index))) \(QRISAmount.explain(problem))",
                "EMVCo MPM 4.7.4, QRIS 4.7.8.1")
            return
        }
        if leadingZero, let amount {
            report(
                .amountLeadingZero, .warning, at: index,
                "amount \(Printable.quote(text(index))) has a leading zero; it reads as \(amount.displayText)",
                "EMVCo MPM 4.7.4")
        }
    }

    mutating func checkFixedFee(_ index: Int) {
        let (_, problem, _) = QRISAmount.parse(value(index))
        if let problem {
            report(
                .feeFormat, at: index,
                "fixed convenience fee \(Printable.quote(text(index))) \(QRISAmount.explain(problem))",
                "EMVCo MPM 4.7.8.2")
        }
    }

    /// 57: "00.01"–"99.99", at most 5 characters, no "%".
    mutating func checkPercentageFee(_ index: Int) {
        let v = value(index)
        let (amount, problem, _) = QRISAmount.parse(v)
        let hundredths = amount.map { $0.rupiah * 100 + Int64($0.sen) } ?? 0
        if problem != nil || v.count > 5 || hundredths < 1 || hundredths > 9999 {
            report(
                .feeFormat, at: index,
                "percentage convenience fee \(Printable.quote(text(index))) must be between '00.01' and '99.99' "
                    + "(at most 5 characters, no '%')", "EMVCo MPM 4.7.8.3, QRIS 4.7.11.1")
        }
    }

    /// 63: last object, 4 hexadecimal digits, equal to the CRC-16/CCITT-FALSE of every byte
    /// before the value, including `6304` (EMVCo MPM 4.7.3).
    mutating func checkCRC(_ index: Int) {
        let node = nodes[index]
        if Int(node.end) != nodes.count {
            report(
                .crcNotLast, at: index, "tag 63 (CRC) must be the last object; more data follows it",
                "EMVCo MPM 4.6.1.2")
        }
        let v = value(index)
        var found: UInt16 = 0
        var lowercase = false
        var hex = v.count == 4
        if hex {
            for byte in v {
                let nibble: UInt8
                switch byte {
                case 0x30...0x39: nibble = byte - 0x30
                case 0x41...0x46: nibble = byte - 0x41 + 10
                case 0x61...0x66:
                    nibble = byte - 0x61 + 10
                    lowercase = true
                default:
                    hex = false
                    nibble = 0
                }
                found = found << 4 | UInt16(nibble)
            }
        }
        guard hex else {
            report(
                .crcFormat, at: index, "CRC is \(Printable.quote(text(index))); it must be 4 hexadecimal digits",
                "EMVCo MPM 4.7.3")
            return
        }
        let covered = UnsafeBufferPointer(rebasing: bytes[payload.byteRange.lowerBound..<Int(node.valueByteStart)])
        let expected = CRC16.checksum(covered)
        if expected != found {
            report(
                .crcMismatch, at: index, "CRC is \(text(index)), expected \(CRC16.hexString(expected))",
                "EMVCo MPM 4.7.3")
        } else if lowercase {
            report(
                .crcLowercase, tolerated, at: index,
                "CRC \(Printable.quote(text(index))) is in lower case; it should be \(CRC16.hexString(expected))",
                "EMVCo MPM 4.7.3")
        }
    }
}
