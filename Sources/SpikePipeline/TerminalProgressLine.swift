/// The text a progress line puts on a terminal: redraws overwrite the open line in place, and any other output
/// first ends it, so a summary or the command's next line never runs into `…ETA 0.0s`.
public struct TerminalProgressLine: Sendable {
    /// Whether a redrawn line is on screen without its newline.
    public private(set) var isOpen = false

    public init() {}

    /// The bytes for `line`: a redraw replaces the open line; any other line replaces it too and ends it.
    public mutating func text(for line: String, redraw: Bool) -> String {
        isOpen = redraw
        return "\r\u{1B}[K" + line + (redraw ? "" : "\n")
    }

    /// The newline that ends an open line before other output (empty when none is open).
    public mutating func end() -> String {
        defer { isOpen = false }
        return isOpen ? "\n" : ""
    }
}
