import Testing
@testable import SpikeDatasets

@Suite("Synthetic rendering and motion")
struct SyntheticRenderingTests {
    static let upright = DigitStyle(thickness: 3, height: 20, aspect: 1, shear: 0, rotation: 0, offsetX: 0, offsetY: 0)

    @Test func verticalOneIsAStrokeThroughTheCentreColumn() {
        let image = DigitRenderer.render(digit: 1, style: Self.upright)
        // The "1" stem runs from (14.6, 5) to (13.6, 23): row 14 is crossed near x = 14.1, so pixel 14
        // (centre 14.5) is well inside the 3 px stroke, and pixels 3 px away are outside it.
        #expect(image[14 * 28 + 14] == 1)
        #expect(image[14 * 28 + 10] == 0)
        #expect(image[14 * 28 + 18] == 0)
        // Above the glyph (y < 5 − 1.5 − 0.8) nothing is drawn.
        #expect(image[0..<(2 * 28)].allSatisfy { $0 == 0 })
    }

    @Test func zeroIsARingWithAnEmptyMiddle() {
        let image = DigitRenderer.render(digit: 0, style: Self.upright)
        // Ellipse centre (14, 14), radii 5.4 × 9 px: the centre is empty, the left and right sides are ink.
        #expect(image[14 * 28 + 14] == 0)
        #expect(image[14 * 28 + 8] > 0.9)   // pixel centre 8.5 is 0.1 px from the ring at x = 8.6
        #expect(image[14 * 28 + 19] > 0.9)  // pixel centre 19.5 is 0.1 px from the ring at x = 19.4
    }

    @Test func everyDigitHasInkAndNoRandomStyleIsClipped() {
        for digit in 0...9 {
            let image = DigitRenderer.render(digit: digit, style: Self.upright)
            let ink = image.reduce(0, +)
            #expect(ink > 40 && ink < 300, "digit \(digit) has \(ink) px of ink")
            #expect(image.allSatisfy { $0 >= 0 && $0 <= 1 })
        }
        // The jitter ranges keep every glyph inside the 28 × 28 image: the outermost ring stays empty.
        var rng = SeededRandom(seed: 3)
        var clipped = 0
        for i in 0..<500 {
            let image = DigitRenderer.render(digit: i % 10, style: DigitStyle(random: &rng))
            var border: Float = 0
            for k in 0..<28 {
                border += image[k] + image[27 * 28 + k]
                border += image[k * 28] + image[k * 28 + 27]
            }
            if border > 0 { clipped += 1 }
        }
        #expect(clipped == 0)
    }

    @Test func saccadesVisitTheTriangleCorners() {
        let path = SaccadePath(durations: [100_000, 100_000, 100_000], tail: 2_000)
        #expect(path.length == 302_000)
        let corners = [0.0, 100_000, 200_000, 300_000, 302_000].map { path.offset(at: $0) }
        #expect(corners.map(\.x) == [0, 1.5, 3, 0, 0])
        #expect(corners.map(\.y) == [0, 3, 0, 0, 0])
        // Half-way through the first saccade the blend of linear and smoothstep is exactly half-way.
        let mid = path.offset(at: 50_000)
        #expect(mid.x == 0.75 && mid.y == 1.5)
        // At a quarter: s = (0.25 + 0.25²·(3 − 0.5)) / 2 = 0.203125.
        #expect(path.offset(at: 25_000).y == 3 * 0.203125)
    }
}
