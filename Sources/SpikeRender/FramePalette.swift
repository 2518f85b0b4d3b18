/// How event frames are coloured: counts become one of `levels` strengths per polarity (0 = no event), ON and
/// OFF mix additively over a dark background (both at full strength ≈ white).
public struct FramePalette: Sendable, Equatable {
    public var background = RGB.black
    public var on = RGB(255, 140, 0)
    public var off = RGB(0, 150, 255)
    /// Colour of frames with one (merged) polarity channel.
    public var merged = RGB.white
    /// The 1-px line between frames of a strip.
    public var separator = RGB(96, 96, 96)
    /// Strength levels per channel, including 0; 8 keeps a GIF within 8 × 8 + 2 colours.
    public var levels = 8

    public init() {}

    /// The strength level (0…`levels − 1`) of `count` when `maximum` is shown at full strength: any event is
    /// at least level 1, `maximum` and above the top level: `⌈count · (levels − 1) / maximum⌉`.
    public func level(_ count: Float, maximum: Float) -> Int {
        guard count > 0, maximum > 0 else { return 0 }
        return min(levels - 1, Int((Double(count) * Double(levels - 1) / Double(maximum)).rounded(.up)))
    }

    /// The colour of a pixel with ON level `onLevel` and OFF level `offLevel`.
    public func colour(onLevel: Int, offLevel: Int) -> RGB {
        let top = Double(levels - 1)
        return background.mixed(on, Double(onLevel) / top, off, Double(offLevel) / top)
    }

    /// The colour of a merged-polarity pixel at `level`.
    public func colour(mergedLevel level: Int) -> RGB {
        background.mixed(merged, Double(level) / Double(levels - 1), merged, 0)
    }
}
