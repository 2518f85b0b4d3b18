/// An 8-bit sRGB colour.
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    public static let black = RGB(0, 0, 0)
    public static let white = RGB(255, 255, 255)

    /// `self + a·(on − self) + b·(off − self)`, each channel rounded and clamped to 0…255: the additive mix
    /// that turns ON + OFF at full strength into a light colour on a dark background.
    public func mixed(_ on: RGB, _ a: Double, _ off: RGB, _ b: Double) -> RGB {
        func channel(_ base: UInt8, _ x: UInt8, _ y: UInt8) -> UInt8 {
            let base = Double(base)
            let v = base + a * (Double(x) - base) + b * (Double(y) - base)
            return UInt8(min(255, max(0, v.rounded())))
        }
        return RGB(channel(r, on.r, off.r), channel(g, on.g, off.g), channel(self.b, on.b, off.b))
    }

    public var description: String { "rgb(\(r), \(g), \(b))" }
}
