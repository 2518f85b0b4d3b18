@testable import SpikeTransforms
import Testing

@Suite("Jitter rounding")
struct RoundingTests {
    @Test("roundedToInt64 equals Int64(v.rounded()): ties away from zero, the doubles next to ½, large and random values")
    func equalsRounded() {
        let cases: [Double] = [0, -0.0, 0.5, -0.5, 0.5.nextDown, -0.5.nextDown, 0.5.nextUp, 1.5, 2.5, -2.5, 2.5.nextDown,
                               -2.5.nextUp, 0x1p52 - 0.5, -(0x1p52 - 0.5), 0x1p52 + 1, 0x1p53, 1e15 + 0.25, 65535.49999, -1e-300]
        for v in cases { #expect(roundedToInt64(v) == Int64(v.rounded()), "v = \(v)") }
        var random = TransformRandom(seed: 9)
        var off: [Double] = []
        for _ in 0..<200_000 {
            let v = (Double(random.next() >> 11) / 0x1p53 - 0.5) * 300  // fractions of every kind, both signs
            if roundedToInt64(v) != Int64(v.rounded()) { off.append(v) }
        }
        #expect(off.isEmpty, "differs for \(off.prefix(5))")
    }
}
