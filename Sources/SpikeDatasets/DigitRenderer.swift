/// Per-sample handwriting variation, in MNIST's 28×28 pixel frame.
struct DigitStyle: Sendable {
    /// Stroke width in pixels.
    var thickness: Double
    /// Glyph height in pixels (MNIST digits are normalised to a ~20 px box).
    var height: Double
    /// Width relative to height.
    var aspect: Double
    /// Horizontal shear (slant): x += shear · y.
    var shear: Double
    /// Rotation in radians, clockwise on screen (y points down).
    var rotation: Double
    /// Shift of the glyph centre from the image centre, in pixels.
    var offsetX: Double
    var offsetY: Double

    /// Draws a style: ranges chosen so classes stay apart while no two samples are alike.
    init(random rng: inout SeededRandom) {
        thickness = rng.uniform(2.4, 3.8)
        height = rng.uniform(16.5, 20)
        aspect = rng.uniform(0.85, 1.2)
        shear = rng.uniform(-0.25, 0.25)
        rotation = rng.uniform(-0.2, 0.2)
        offsetX = rng.uniform(-0.8, 0.8)
        offsetY = rng.uniform(-0.8, 0.8)
    }

    init(thickness: Double, height: Double, aspect: Double, shear: Double, rotation: Double,
         offsetX: Double, offsetY: Double) {
        self.thickness = thickness
        self.height = height
        self.aspect = aspect
        self.shear = shear
        self.rotation = rotation
        self.offsetX = offsetX
        self.offsetY = offsetY
    }
}

/// Renders a digit as a 28×28 intensity image in [0, 1] (white strokes on black, like MNIST), row-major.
/// Coverage falls off linearly over `edgeWidth` pixels across the stroke edge: anti-aliasing plus the soft
/// edges of MNIST's smoothed digits, which spread an edge's events over neighbouring pixels.
enum DigitRenderer {
    static let size = 28
    static let edgeWidth = 1.6

    static func render(digit: Int, style: DigitStyle) -> [Float] {
        let n = size
        let cosR = DeterministicMath.cos(style.rotation)
        let sinR = DeterministicMath.sin(style.rotation)
        let centre = Double(n) / 2
        func place(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) {
            let v = p.y * style.height
            let u = p.x * style.height * style.aspect + style.shear * v
            return (centre + style.offsetX + u * cosR - v * sinR, centre + style.offsetY + u * sinR + v * cosR)
        }

        let half = style.thickness / 2
        let reach = half + edgeWidth / 2 + 1
        var distance2 = [Double](repeating: .infinity, count: n * n)
        for stroke in DigitGlyphs.strokes(for: digit) {
            let points = stroke.polyline().map(place)
            for (a, b) in zip(points, points.dropFirst()) {
                // Visit only the pixels within the segment's bounding box grown by the stroke's reach.
                let x0 = max(0, Int((min(a.x, b.x) - reach).rounded(.down)))
                let x1 = min(n - 1, Int((max(a.x, b.x) + reach).rounded(.up)))
                let y0 = max(0, Int((min(a.y, b.y) - reach).rounded(.down)))
                let y1 = min(n - 1, Int((max(a.y, b.y) + reach).rounded(.up)))
                guard x0 <= x1, y0 <= y1 else { continue }
                let dx = b.x - a.x, dy = b.y - a.y
                let length2 = dx * dx + dy * dy
                for py in y0...y1 {
                    for px in x0...x1 {
                        let cx = Double(px) + 0.5 - a.x, cy = Double(py) + 0.5 - a.y
                        let s = length2 > 0 ? min(1, max(0, (cx * dx + cy * dy) / length2)) : 0
                        let ex = cx - s * dx, ey = cy - s * dy
                        distance2[py * n + px] = min(distance2[py * n + px], ex * ex + ey * ey)
                    }
                }
            }
        }
        return distance2.map { d2 in
            d2.isFinite ? Float(min(1, max(0, (half - d2.squareRoot()) / edgeWidth + 0.5))) : 0
        }
    }
}
