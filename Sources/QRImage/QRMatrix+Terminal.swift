extension QRMatrix {
    /// The ANSI sequence that starts a half-block line: black background, bold (bright) white text.
    static let terminalColours = "\u{1B}[40;37;1m"
    /// The ANSI sequence that resets the colours at the end of each line.
    static let terminalReset = "\u{1B}[0m"

    /// Renders the symbol as text for a terminal, with the 4-module quiet zone.
    ///
    /// In ``TerminalStyle/halfBlock`` each character covers one module column and two module rows:
    /// a light module is painted in the foreground colour (white) and a dark one shows the black
    /// background, so `█` is two light modules, `▀` light above dark, `▄` dark above light and a
    /// space two dark modules. Colours are reset at the end of every line.
    /// - Parameter style: Half blocks with colours (default) or plain ASCII.
    /// - Returns: The lines, each ending in a newline.
    public func terminalText(style: TerminalStyle = .halfBlock) -> String {
        let quiet = Self.quietZone
        let side = sizeWithQuietZone
        var text = ""
        switch style {
        case .halfBlock:
            var row = 0
            while row < side {
                text += Self.terminalColours
                for column in 0..<side {
                    let top = isDark(x: column - quiet, y: row - quiet)
                    // An odd-sized image gets one more light row at the bottom: more quiet zone.
                    let bottom = isDark(x: column - quiet, y: row + 1 - quiet)
                    switch (top, bottom) {
                    case (false, false): text += "█"
                    case (false, true): text += "▀"
                    case (true, false): text += "▄"
                    case (true, true): text += " "
                    }
                }
                text += Self.terminalReset + "\n"
                row += 2
            }
        case .ascii:
            for row in 0..<side {
                for column in 0..<side {
                    text += isDark(x: column - quiet, y: row - quiet) ? "##" : "  "
                }
                text += "\n"
            }
        }
        return text
    }
}
