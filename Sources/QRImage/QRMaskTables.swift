/// The fixed parts of mask selection for one symbol width: the eight data-mask patterns (ISO/IEC
/// 18004 §7.8.2, Table 10) as bit lines, and where the format information goes.
///
/// Every mask pattern repeats every 12 modules across and down, so 12 row lines and 12 column
/// lines per mask describe the whole symbol. A pattern bit is set where the mask inverts a data
/// module (where the table's condition is 0).
struct QRMaskTables: Sendable {
    /// One module of the format information: bit `bit` of the 15-bit word goes to (`row`, `column`).
    struct FormatCell: Sendable {
        let bit: Int
        let row: Int
        let column: Int
    }

    static let maskCount = 8
    static let period = 12

    /// The symbol's width in modules (`17 + 4 × version`).
    let width: Int
    /// Bits `0..<width` set.
    let valid: BitLine
    /// `rowPatterns[mask * 12 + y % 12]`: the modules of row `y` that mask `mask` inverts.
    let rowPatterns: [BitLine]
    /// `columnPatterns[mask * 12 + x % 12]`: the modules of column `x` that mask `mask` inverts.
    let columnPatterns: [BitLine]
    /// The 30 modules of the two copies of the format information, in libqrencode's placement.
    let formatCells: [FormatCell]

    /// Tables for versions 1 to 40 (index `version - 1`), built on first use.
    static let byVersion: [QRMaskTables] = (1...40).map { QRMaskTables(width: 17 + 4 * $0) }

    init(width: Int) {
        self.width = width
        self.valid = .ones(width)
        var rows = [BitLine]()
        var columns = [BitLine]()
        for mask in 0..<Self.maskCount {
            for phase in 0..<Self.period {
                var row = BitLine()
                var column = BitLine()
                for index in 0..<width {
                    if Self.inverts(mask: mask, x: index, y: phase) { row.set(index) }
                    if Self.inverts(mask: mask, x: phase, y: index) { column.set(index) }
                }
                rows.append(row)
                columns.append(column)
            }
        }
        self.rowPatterns = rows
        self.columnPatterns = columns
        self.formatCells = Self.formatCells(width: width)
    }

    /// Whether data mask `mask` inverts the module at column `x`, row `y` (ISO/IEC 18004 Table 10).
    static func inverts(mask: Int, x: Int, y: Int) -> Bool {
        let condition =
            switch mask {
            case 0: (x + y) & 1
            case 1: y & 1
            case 2: x % 3
            case 3: (x + y) % 3
            case 4: ((y / 2) + (x / 3)) & 1
            case 5: ((x * y) & 1) + (x * y) % 3
            case 6: (((x * y) & 1) + (x * y) % 3) & 1
            default: (((x * y) % 3) + ((x + y) & 1)) & 1
            }
        return condition == 0
    }

    /// The 15-bit format information for a level and mask: 2 level bits and 3 mask bits, a
    /// BCH(15,5) remainder (generator `x¹⁰+x⁸+x⁵+x⁴+x²+x+1`), XOR `101010000010010`.
    static func formatInformation(level: QRErrorCorrection, mask: Int) -> Int {
        let levelBits =
            switch level {
            case .low: 0b01
            case .medium: 0b00
            case .quartile: 0b11
            case .high: 0b10
            }
        let data = levelBits << 3 | mask
        var remainder = data << 10
        for shift in stride(from: 4, through: 0, by: -1) where remainder & (1 << (shift + 10)) != 0 {
            remainder ^= 0b101_0011_0111 << shift
        }
        return (data << 10 | remainder) ^ 0b101_0100_0001_0010
    }

    /// Where each format bit goes. Bits 0–7 run along row 8 from the right edge leftwards and down
    /// column 8 from the top (skipping the timing row 6); bits 8–14 go up the bottom of column 8
    /// and along row 8 towards the left edge (skipping the timing column 6). The same placement
    /// as libqrencode, so the chosen mask and the symbol are identical to its own.
    private static func formatCells(width: Int) -> [FormatCell] {
        var cells = [FormatCell]()
        for bit in 0..<8 {
            cells.append(FormatCell(bit: bit, row: 8, column: width - 1 - bit))
            cells.append(FormatCell(bit: bit, row: bit < 6 ? bit : bit + 1, column: 8))
        }
        for index in 0..<7 {
            let bit = 8 + index
            cells.append(FormatCell(bit: bit, row: width - 7 + index, column: 8))
            cells.append(FormatCell(bit: bit, row: 8, column: index == 0 ? 7 : 6 - index))
        }
        return cells
    }
}
