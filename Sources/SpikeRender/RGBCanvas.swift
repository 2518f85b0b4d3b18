/// A raster image of 8-bit RGB pixels, row-major and contiguous (`pixels[(y·width + x)·3 + c]`), origin top-left.
public struct RGBCanvas: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var pixels: [UInt8]

    /// A canvas filled with `background`.
    public init(width: Int, height: Int, background: RGB = .black) {
        precondition(width > 0 && height > 0, "canvas must be at least 1×1")
        self.width = width
        self.height = height
        pixels = [UInt8](unsafeUninitializedCapacity: width * height * 3) { buffer, initialized in
            for i in 0..<width * height {
                buffer[3 * i] = background.r
                buffer[3 * i + 1] = background.g
                buffer[3 * i + 2] = background.b
            }
            initialized = width * height * 3
        }
    }

    /// A canvas over existing RGB bytes (`width·height·3` of them).
    public init(width: Int, height: Int, pixels: [UInt8]) {
        precondition(width > 0 && height > 0 && pixels.count == width * height * 3, "pixels do not match \(width)×\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// The pixel at column `x`, row `y`. Writes outside the canvas are ignored, so shapes may overhang it.
    public subscript(x: Int, y: Int) -> RGB {
        get {
            let i = (y * width + x) * 3
            return RGB(pixels[i], pixels[i + 1], pixels[i + 2])
        }
        set {
            guard contains(x: x, y: y) else { return }
            let i = (y * width + x) * 3
            pixels[i] = newValue.r
            pixels[i + 1] = newValue.g
            pixels[i + 2] = newValue.b
        }
    }

    /// Fills the rectangle of `width`×`height` pixels at (`x`, `y`), clipped to the canvas.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with colour: RGB) {
        let x0 = max(0, x), x1 = min(width, x + w), y0 = max(0, y), y1 = min(height, y + h)
        guard x0 < x1, y0 < y1 else { return }
        let stride = width
        pixels.withUnsafeMutableBufferPointer { p in
            for row in y0..<y1 {
                for col in x0..<x1 {
                    let i = (row * stride + col) * 3
                    p[i] = colour.r
                    p[i + 1] = colour.g
                    p[i + 2] = colour.b
                }
            }
        }
    }

    /// Copies `image` with its top-left corner at (`x`, `y`), clipped to the canvas, a row at a time.
    public mutating func draw(_ image: RGBCanvas, x: Int, y: Int) {
        let x0 = max(0, x), x1 = min(width, x + image.width)
        guard x0 < x1 else { return }
        for row in max(0, y)..<min(height, y + image.height) {
            let source = ((row - y) * image.width + (x0 - x)) * 3
            let target = (row * width + x0) * 3
            pixels.replaceSubrange(target..<target + (x1 - x0) * 3, with: image.pixels[source..<source + (x1 - x0) * 3])
        }
    }

    /// A 1-px line from (`x0`, `y0`) to (`x1`, `y1`), both ends included (Bresenham), drawn with a
    /// `pen`×`pen` square whose top-left corner follows the line.
    public mutating func line(from x0: Int, _ y0: Int, to x1: Int, _ y1: Int, colour: RGB, pen: Int = 1) {
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var (x, y, err) = (x0, y0, dx + dy)
        while true {
            fill(x: x, y: y, width: pen, height: pen, with: colour)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }
}
