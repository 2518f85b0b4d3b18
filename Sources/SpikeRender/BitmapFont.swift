/// A 5×7 pixel font for chart labels: digits, A–Z, a–z and `. , - + / : ( ) [ ] % _ = " '`.
/// Each glyph is seven row bytes, top row first, bit 4 the leftmost column; unknown characters draw as `?`.
public enum BitmapFont {
    public static let glyphWidth = 5
    public static let glyphHeight = 7
    /// Pixels from one character's left edge to the next (one column of spacing), before scaling.
    public static let advance = 6

    private static let glyphs: [Character: UInt64] = [
        "0": 0x0E_11_13_15_19_11_0E, "1": 0x04_0C_04_04_04_04_0E, "2": 0x0E_11_01_02_04_08_1F,
        "3": 0x1F_02_04_02_01_11_0E, "4": 0x02_06_0A_12_1F_02_02, "5": 0x1F_10_1E_01_01_11_0E,
        "6": 0x06_08_10_1E_11_11_0E, "7": 0x1F_01_02_04_08_08_08, "8": 0x0E_11_11_0E_11_11_0E,
        "9": 0x0E_11_11_0F_01_02_0C,
        "A": 0x0E_11_11_11_1F_11_11, "B": 0x1E_11_11_1E_11_11_1E, "C": 0x0E_11_10_10_10_11_0E,
        "D": 0x1C_12_11_11_11_12_1C, "E": 0x1F_10_10_1E_10_10_1F, "F": 0x1F_10_10_1E_10_10_10,
        "G": 0x0E_11_10_17_11_11_0F, "H": 0x11_11_11_1F_11_11_11, "I": 0x0E_04_04_04_04_04_0E,
        "J": 0x07_02_02_02_02_12_0C, "K": 0x11_12_14_18_14_12_11, "L": 0x10_10_10_10_10_10_1F,
        "M": 0x11_1B_15_15_11_11_11, "N": 0x11_11_19_15_13_11_11, "O": 0x0E_11_11_11_11_11_0E,
        "P": 0x1E_11_11_1E_10_10_10, "Q": 0x0E_11_11_11_15_12_0D, "R": 0x1E_11_11_1E_14_12_11,
        "S": 0x0F_10_10_0E_01_01_1E, "T": 0x1F_04_04_04_04_04_04, "U": 0x11_11_11_11_11_11_0E,
        "V": 0x11_11_11_11_11_0A_04, "W": 0x11_11_11_15_15_15_0A, "X": 0x11_11_0A_04_0A_11_11,
        "Y": 0x11_11_11_0A_04_04_04, "Z": 0x1F_01_02_04_08_10_1F,
        // Lower case as a 5×7 character ROM draws it (descenders of g, j, p, q, y lifted into the 7 rows).
        "a": 0x00_00_0E_01_0F_11_0F, "b": 0x10_10_16_19_11_11_1E, "c": 0x00_00_0E_10_10_11_0E,
        "d": 0x01_01_0D_13_11_11_0F, "e": 0x00_00_0E_11_1F_10_0E, "f": 0x06_09_08_1C_08_08_08,
        "g": 0x00_0F_11_11_0F_01_0E, "h": 0x10_10_16_19_11_11_11, "i": 0x04_00_0C_04_04_04_0E,
        "j": 0x02_00_06_02_02_12_0C, "k": 0x10_10_12_14_18_14_12, "l": 0x0C_04_04_04_04_04_0E,
        "m": 0x00_00_1A_15_15_11_11, "n": 0x00_00_16_19_11_11_11, "o": 0x00_00_0E_11_11_11_0E,
        "p": 0x00_00_1E_11_1E_10_10, "q": 0x00_00_0D_13_0F_01_01, "r": 0x00_00_16_19_10_10_10,
        "s": 0x00_00_0E_10_0E_01_1E, "t": 0x08_08_1C_08_08_09_06, "u": 0x00_00_11_11_11_13_0D,
        "v": 0x00_00_11_11_11_0A_04, "w": 0x00_00_11_11_15_15_0A, "x": 0x00_00_11_0A_04_0A_11,
        "y": 0x00_00_11_11_0F_01_0E, "z": 0x00_00_1F_02_04_08_1F,
        " ": 0, ".": 0x00_00_00_00_00_0C_0C, ",": 0x00_00_00_00_0C_04_08, "-": 0x00_00_00_1F_00_00_00,
        "+": 0x00_04_04_1F_04_04_00, "/": 0x00_01_02_04_08_10_00, ":": 0x00_0C_0C_00_0C_0C_00,
        "(": 0x02_04_08_08_08_04_02, ")": 0x08_04_02_02_02_04_08, "%": 0x18_19_02_04_08_13_03,
        "[": 0x0E_08_08_08_08_08_0E, "]": 0x0E_02_02_02_02_02_0E, "_": 0x00_00_00_00_00_00_1F,
        "=": 0x00_00_1F_00_1F_00_00, "\"": 0x0A_0A_00_00_00_00_00, "'": 0x04_04_00_00_00_00_00,
        "?": 0x0E_11_01_02_04_00_04,
    ]

    /// Whether column `column` (0…4) of row `row` (0…6) of `character`'s glyph is ink.
    public static func isInk(_ character: Character, column: Int, row: Int) -> Bool {
        let bits = glyphs[character] ?? glyphs["?"]!
        let rowBits = bits >> UInt64(8 * (glyphHeight - 1 - row)) & 0xFF
        return rowBits >> UInt64(glyphWidth - 1 - column) & 1 == 1
    }

    /// Width in pixels of `text` drawn at `scale`.
    public static func width(of text: String, scale: Int = 1) -> Int {
        text.isEmpty ? 0 : (text.count * advance - 1) * scale
    }
}

extension RGBCanvas {
    /// Draws `text` with its top-left corner at (`x`, `y`), each font pixel `scale`×`scale`.
    public mutating func text(_ text: String, x: Int, y: Int, colour: RGB, scale: Int = 1) {
        for (i, character) in text.enumerated() {
            let left = x + i * BitmapFont.advance * scale
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth where BitmapFont.isInk(character, column: column, row: row) {
                    fill(x: left + column * scale, y: y + row * scale, width: scale, height: scale, with: colour)
                }
            }
        }
    }

    /// Draws `text` turned a quarter turn anticlockwise (read bottom to top, as a y-axis title), its first
    /// character's bottom-left corner at (`x`, `bottom`).
    public mutating func verticalText(_ text: String, x: Int, bottom: Int, colour: RGB) {
        for (i, character) in text.enumerated() {
            let base = bottom - i * BitmapFont.advance
            for row in 0..<BitmapFont.glyphHeight {
                for column in 0..<BitmapFont.glyphWidth where BitmapFont.isInk(character, column: column, row: row) {
                    fill(x: x + row, y: base - column, width: 1, height: 1, with: colour)
                }
            }
        }
    }
}
