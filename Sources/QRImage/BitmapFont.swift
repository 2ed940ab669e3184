/// A 5 × 7 dot bitmap font for printable ASCII, drawn for Lunas ticket images.
///
/// Each glyph sits in a 6 × 8 cell (one column and one row of spacing) and is drawn at an
/// integer scale, so text stays crisp in a 1-bit image: at scale 2 a 384-pixel ticket holds 32
/// characters per line, like Font A on a 58 mm printer.
enum BitmapFont {
    /// Glyph columns, without spacing.
    static let glyphWidth = 5
    /// Glyph rows, without spacing.
    static let glyphHeight = 7
    /// Cell width in dots at scale 1, including one column of spacing.
    static let cellWidth = 6
    /// Cell height in dots at scale 1, including one row of spacing.
    static let cellHeight = 8

    /// One entry per character from 0x20 (space) to 0x7E (`~`): 7 rows of 5 bits, top row in the
    /// highest bits, the leftmost dot of a row in its highest bit.
    static let glyphs: [UInt64] = [
        0x000000000, 0x108421004, 0x294A00000, 0x295F57D4A, 0x11F4717C4, 0x632222263,  //   ! " # $ %
        0x32544564D, 0x108800000, 0x088842082, 0x208210888, 0x009575480, 0x0084F9080,  // & ' ( ) * +
        0x000003088, 0x0000F8000, 0x00000018C, 0x002222200, 0x3A33AE62E, 0x11842108E,  // , - . / 0 1
        0x3A211111F, 0x7C441062E, 0x08CA97C42, 0x7E1E0862E, 0x1910F462E, 0x7C2222108,  // 2 3 4 5 6 7
        0x3A317462E, 0x3A317844C, 0x018C03180, 0x018C03088, 0x088882082, 0x001F07C00,  // 8 9 : ; < =
        0x208208888, 0x3A2111004, 0x3A216D6AE, 0x3A31FC631, 0x7A31F463E, 0x3A308422E,  // > ? @ A B C
        0x72518C65C, 0x7E10F421F, 0x7E10F4210, 0x3A30BC62F, 0x4631FC631, 0x38842108E,  // D E F G H I
        0x1C4210A4C, 0x4654C5251, 0x42108421F, 0x4775AC631, 0x4639ACE31, 0x3A318C62E,  // J K L M N O
        0x7A31F4210, 0x3A318D64D, 0x7A31F5251, 0x3E107043E, 0x7C8421084, 0x46318C62E,  // P Q R S T U
        0x46318C544, 0x4631AD6AA, 0x462A22A31, 0x463151084, 0x7C222221F, 0x39084210E,  // V W X Y Z [
        0x020820820, 0x38421084E, 0x115100000, 0x00000001F, 0x208200000, 0x000E0BE2F,  // \ ] ^ _ ` a
        0x4216CC63E, 0x000E8422E, 0x042D9C62F, 0x000E8FE0E, 0x1928E2108, 0x01F18BC2E,  // b c d e f g
        0x4216CC631, 0x100C2108E, 0x080610A4C, 0x4212A6292, 0x30842108E, 0x001AAD631,  // h i j k l m
        0x0016CC631, 0x000E8C62E, 0x001E8FA10, 0x000D9BC21, 0x0016CC210, 0x000E8383E,  // n o p q r s
        0x211C42126, 0x00118C66D, 0x00118C544, 0x00118D6AA, 0x001151151, 0x00118BC2E,  // t u v w x y
        0x001F1111F, 0x088441082, 0x108421084, 0x208411088, 0x0008A8800,  // z { | } ~
    ]

    /// Draws ASCII text with its top-left corner at (`x`, `y`); characters outside 0x20-0x7E draw
    /// as `?`. Bold text is drawn twice, one dot apart.
    static func draw(
        _ text: String, into bitmap: inout MonochromeBitmap, x: Int, y: Int, scale: Int, bold: Bool = false
    ) {
        var left = x
        for byte in text.utf8 {
            let index = (0x20...0x7E).contains(byte) ? Int(byte) - 0x20 : Int(UInt8(ascii: "?")) - 0x20
            let glyph = glyphs[index]
            for row in 0..<glyphHeight {
                for column in 0..<glyphWidth {
                    let shift = UInt64((glyphHeight - 1 - row) * glyphWidth + (glyphWidth - 1 - column))
                    guard glyph >> shift & 1 == 1 else { continue }
                    let dotX = left + column * scale
                    let dotY = y + row * scale
                    bitmap.fill(x: dotX, y: dotY, width: bold ? scale + 1 : scale, height: scale)
                }
            }
            left += cellWidth * scale
        }
    }

    /// The width in dots of `count` characters at `scale`, without the trailing spacing column.
    static func width(ofCharacters count: Int, scale: Int) -> Int {
        count == 0 ? 0 : (count * cellWidth - 1) * scale
    }
}
