/// How ``QRMatrix/terminalText(style:)`` draws a symbol as text.
public enum TerminalStyle: String, Sendable, CaseIterable {
    /// Unicode half blocks, two module rows per line, with explicit ANSI colours (bright white
    /// light modules on a black background), so the code is black on white on dark and light
    /// terminal themes alike.
    case halfBlock
    /// Plain ASCII, `##` for a dark module and two spaces for a light one, one line per row.
    /// It has no colour codes, so it reads correctly only as dark text on a light background
    /// (a log file, a printout); use ``halfBlock`` on a terminal.
    case ascii
}
