/// The checksum of a parsed payload, for readers that need only "is the CRC right?" without the
/// full rule set of ``validate(_:)``.
extension QRISPayload {
    /// The CRC this payload must carry in tag 63, as 4 upper-case hexadecimal digits: the
    /// CRC-16/CCITT-FALSE of every byte from the start of the payload up to and including `6304`
    /// (EMVCo MPM 4.7.3). Nil when the last root object is not a tag 63 of length 4.
    public var expectedCRC: String? {
        guard let crc = crcNode else { return nil }
        let covered = withBytes { bytes in
            CRC16.checksum(UnsafeBufferPointer(rebasing: bytes[byteRange.lowerBound..<Int(crc.valueByteStart)]))
        }
        return CRC16.hexString(covered)
    }

    /// Whether the last root object is a tag 63 of length 4 whose value equals ``expectedCRC``.
    ///
    /// Hexadecimal digits compare without regard to case, as payers' apps accept a lower-case CRC
    /// (``validate(_:)`` reports it as the tolerated issue `crc.lowercase`).
    public var hasMatchingCRC: Bool {
        guard let expected = expectedCRC, let index = crcIndex else { return false }
        return value(at: index).uppercased() == expected
    }

    /// The node index of the last root object when it is tag 63 with length 4.
    private var crcIndex: Int? {
        guard let last = childIndexes(of: nil).last, nodes[last].tag == 63, nodes[last].length == 4 else {
            return nil
        }
        return last
    }

    private var crcNode: QRISNode? { crcIndex.map { nodes[$0] } }

    /// Appends the CRC (tag 63's value) to a payload that ends with `6304`: the payload's
    /// CRC-16/CCITT-FALSE as 4 upper-case hexadecimal digits (EMVCo MPM 4.7.3).
    ///
    /// For payloads assembled as text; ``QRISDataObject/encode(_:)`` and ``QRISBuilder`` seal
    /// their output themselves.
    /// - Parameter unsealed: the payload up to and including `6304`.
    /// - Returns: `unsealed` followed by its CRC.
    public static func sealing(_ unsealed: String) -> String {
        unsealed + CRC16.hexString(CRC16.checksum(unsealed.utf8))
    }
}
