/// Skeletons of the ten digits as strokes, in glyph units: x right, y down, the glyph spanning
/// y ∈ [−0.5, 0.5] and x ∈ about [−0.3, 0.3]. Shapes follow common handwritten forms (open-top 4,
/// looped 6 and 9) so every class has its own outline.
enum GlyphStroke {
    case line(x0: Double, y0: Double, x1: Double, y1: Double)
    /// An elliptical arc; angles in degrees with y down (0° right, 90° down, 270° up), drawn from `from` to `to`.
    case arc(cx: Double, cy: Double, rx: Double, ry: Double, from: Double, to: Double)

    /// The stroke as a polyline; arcs get one segment per ≤ 12°, whose sagitta is 0.55 % of the radius
    /// (≤ 0.05 px at MNIST size), well inside the anti-aliasing ramp.
    func polyline() -> [(x: Double, y: Double)] {
        switch self {
        case let .line(x0, y0, x1, y1):
            return [(x0, y0), (x1, y1)]
        case let .arc(cx, cy, rx, ry, from, to):
            let segments = max(2, Int(((to - from) / 12).rounded(.up)))
            return (0...segments).map { i in
                let a = (from + (to - from) * Double(i) / Double(segments)) * DeterministicMath.pi / 180
                return (cx + rx * DeterministicMath.cos(a), cy + ry * DeterministicMath.sin(a))
            }
        }
    }
}

enum DigitGlyphs {
    static func strokes(for digit: Int) -> [GlyphStroke] {
        switch digit {
        case 0: [.arc(cx: 0, cy: 0, rx: 0.27, ry: 0.45, from: 0, to: 360)]
        case 1: [.line(x0: 0.03, y0: -0.45, x1: -0.02, y1: 0.45),
                 .line(x0: -0.13, y0: -0.30, x1: 0.03, y1: -0.45)]
        case 2: [.arc(cx: 0, cy: -0.2, rx: 0.25, ry: 0.25, from: 190, to: 400),
                 .line(x0: 0.19, y0: -0.04, x1: -0.27, y1: 0.45),
                 .line(x0: -0.27, y0: 0.45, x1: 0.3, y1: 0.45)]
        case 3: [.arc(cx: 0, cy: -0.23, rx: 0.22, ry: 0.22, from: 200, to: 450),
                 .arc(cx: 0, cy: 0.22, rx: 0.25, ry: 0.23, from: 270, to: 520)]
        case 4: [.line(x0: 0.12, y0: -0.45, x1: -0.28, y1: 0.12),
                 .line(x0: -0.28, y0: 0.12, x1: 0.3, y1: 0.12),
                 .line(x0: 0.12, y0: -0.45, x1: 0.12, y1: 0.45)]
        case 5: [.line(x0: 0.26, y0: -0.45, x1: -0.17, y1: -0.45),
                 .line(x0: -0.17, y0: -0.45, x1: -0.2, y1: 0.0),
                 .arc(cx: 0, cy: 0.19, rx: 0.26, ry: 0.26, from: 225, to: 510)]
        case 6: [.line(x0: 0.16, y0: -0.45, x1: -0.21, y1: 0.13),
                 .arc(cx: 0, cy: 0.2, rx: 0.23, ry: 0.25, from: 0, to: 360)]
        case 7: [.line(x0: -0.27, y0: -0.45, x1: 0.28, y1: -0.45),
                 .line(x0: 0.28, y0: -0.45, x1: -0.05, y1: 0.45)]
        case 8: [.arc(cx: 0, cy: -0.24, rx: 0.2, ry: 0.21, from: 0, to: 360),
                 .arc(cx: 0, cy: 0.22, rx: 0.25, ry: 0.24, from: 0, to: 360)]
        case 9: [.arc(cx: 0, cy: -0.2, rx: 0.23, ry: 0.24, from: 0, to: 360),
                 .line(x0: 0.23, y0: -0.2, x1: 0.15, y1: 0.45)]
        default: preconditionFailure("digit \(digit) is not in 0...9")
        }
    }
}
