import SpikeRender
import Testing

@Suite("Axes and bitmap font")
struct AxisAndFontTests {
    @Test("nice axes: 1, 2 or 5 × 10^k steps covering the data")
    func niceScales() {
        let loss = AxisScale(covering: 1, 4)
        #expect(loss.lower == 1 && loss.upper == 4 && loss.step == 0.5)
        #expect(loss.ticks.map(loss.label) == ["1.0", "1.5", "2.0", "2.5", "3.0", "3.5", "4.0"])
        let ms = AxisScale(covering: 0, 999.9375, targetTicks: 8)
        #expect(ms.step == 100 && ms.upper == 1000 && ms.label(300) == "300")
        let epochs = AxisScale(covering: 1, 3, targetTicks: 6, integer: true)
        #expect(epochs.step == 1 && epochs.ticks == [1, 2, 3])
        let flat = AxisScale(covering: 2, 2, integer: true)
        #expect(flat.lower < 2 && flat.upper > 2)
        #expect(AxisScale(covering: -1, 1).label(-0.0) == "0.0")
    }

    @Test("glyphs: '1' has its stem in the middle column, lower case has its own glyphs, unknown draws as '?'")
    func glyphs() {
        #expect((0..<7).map { BitmapFont.isInk("1", column: 2, row: $0) } == Array(repeating: true, count: 7))
        #expect(!BitmapFont.isInk("1", column: 0, row: 3))
        func rows(_ c: Character) -> [String] {
            (0..<7).map { row in String((0..<5).map { BitmapFont.isInk(c, column: $0, row: row) ? "#" : "." }) }
        }
        // A lower-case 'a' has no ink in its top two rows (an upper-case 'A' does), 'l' is a stem with a foot.
        #expect(rows("a") == [".....", ".....", ".###.", "....#", ".####", "#...#", ".####"])
        #expect(rows("l") == [".##..", "..#..", "..#..", "..#..", "..#..", "..#..", ".###."])
        for c in "abcdefghijklmnopqrstuvwxyz" {
            #expect(rows(c) != rows(Character(c.uppercased())), "\(c) draws as upper case")
            #expect(rows(c) != rows("?"), "\(c) has no glyph")
        }
        for row in 0..<7 {
            for column in 0..<5 {
                #expect(BitmapFont.isInk("§", column: column, row: row) == BitmapFont.isInk("?", column: column, row: row))
            }
        }
        #expect(BitmapFont.width(of: "ABC", scale: 2) == 34)
    }

    @Test("text draws the glyph bits at scale: '-' at scale 2 is a 10×2 bar on row 6")
    func text() {
        var canvas = RGBCanvas(width: 12, height: 14, background: .white)
        canvas.text("-", x: 1, y: 0, colour: .black, scale: 2)
        for y in 0..<14 {
            for x in 0..<12 {
                let ink = (1...10).contains(x) && (6...7).contains(y)
                #expect(canvas[x, y] == (ink ? .black : .white), "pixel \(x), \(y)")
            }
        }
    }
}
