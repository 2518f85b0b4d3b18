import SpikeEvents
import SpikeRender
import Testing

/// A hand-built `[2, 2, 2, 3]` sample (channel 0 OFF, channel 1 ON) whose reference count is 7, so with the
/// default 8 levels every count is its own level and each colour is `black + on·n/7 + off·m/7`, rounded.
enum HandFrames {
    static let tensor = FrameTensor(
        shape: FrameShape(timeSteps: 2, channels: 2, height: 2, width: 3),
        storage: .uint8([0, 1, 0, 0, 0, 7,   // t0 OFF
                         0, 0, 7, 2, 0, 7,   // t0 ON
                         3, 0, 0, 0, 0, 0,   // t1 OFF
                         0, 0, 0, 0, 0, 0])) // t1 ON
    /// Frame 0 row by row: none, OFF 1, ON 7 / ON 2, none, both 7. OFF = (0, 150, 255), ON = (255, 140, 0).
    static let frame0: [RGB] = [.black, RGB(0, 21, 36), RGB(255, 140, 0),
                                RGB(73, 40, 0), .black, RGB(255, 255, 255)]
    /// Frame 1: OFF 3 at the top-left corner.
    static let frame1: [RGB] = [RGB(0, 64, 109), .black, .black, .black, .black, .black]

    static func pixels(_ image: RGBCanvas) -> [RGB] {
        (0..<image.height).flatMap { y in (0..<image.width).map { x in image[x, y] } }
    }
}

@Suite("Frame images")
struct FrameImagesTests {
    @Test("each time step gets its exact on/off colours")
    func exactColours() throws {
        let images = try FrameImages().images(HandFrames.tensor)
        #expect(images.count == 2)
        #expect(HandFrames.pixels(images[0]) == HandFrames.frame0)
        #expect(HandFrames.pixels(images[1]) == HandFrames.frame1)
    }

    @Test("levels: any event is level ≥ 1, the maximum the top level, ⌈count·7/max⌉ in between")
    func levels() {
        let palette = FramePalette()
        #expect(palette.level(0, maximum: 100) == 0)
        #expect(palette.level(1, maximum: 100) == 1)
        #expect(palette.level(50, maximum: 100) == 4)
        #expect(palette.level(100, maximum: 100) == 7)
    }

    @Test("strip: frames side by side, scaled, with a 1-px separator")
    func strip() throws {
        let strip = try FrameImages().strip(HandFrames.tensor, scale: 2)
        #expect(strip.width == 2 * 3 * 2 + 1 && strip.height == 4)
        for y in 0..<4 { #expect(strip[6, y] == FramePalette().separator) }
        #expect(strip[4, 0] == RGB(255, 140, 0) && strip[5, 1] == RGB(255, 140, 0))  // frame 0, cell (2, 0)
        #expect(strip[5, 3] == .white)                                                // frame 0, cell (2, 1)
        #expect(strip[7, 0] == RGB(0, 64, 109) && strip[8, 1] == RGB(0, 64, 109))    // frame 1, cell (0, 0)
        #expect(strip[9, 0] == .black)
    }

    @Test("merged polarity uses one colour; other channel counts are a typed error")
    func channels() throws {
        let merged = FrameTensor(shape: FrameShape(timeSteps: 1, channels: 1, height: 1, width: 2),
                                 storage: .float32([0.5, 1]))
        let image = try FrameImages().images(merged)[0]
        #expect(image[0, 0] == RGB(146, 146, 146))  // ⌈0.5·7⌉ = 4 → 255·4/7 = 145.7
        #expect(image[1, 0] == .white)
        let three = FrameTensor(shape: FrameShape(timeSteps: 1, channels: 3, height: 1, width: 1), storage: .uint8([1, 1, 1]))
        #expect(throws: RenderError.unsupportedChannels(3)) { try FrameImages().images(three) }
        let empty = FrameTensor(shape: FrameShape(timeSteps: 0, channels: 2, height: 1, width: 1), storage: .uint8([]))
        #expect(throws: RenderError.emptyFrames) { try FrameImages().strip(empty) }
        #expect(throws: RenderError.invalidOption(name: "scale", reason: "must be ≥ 1")) {
            try FrameImages().images(HandFrames.tensor, scale: 0)
        }
    }

    @Test("reference count: the 99th percentile of non-zero counts, so hot pixels saturate")
    func referenceCount() {
        #expect(FrameImages.referenceCount([0, 0]) == 0)
        #expect(FrameImages.referenceCount([0, 0.5, 1]) == 1)
        // 200 pixels with 1 event and one hot pixel with 1000: the 99th percentile is sorted index ⌈0.99·200⌉ = 198 → 1.
        let counts = Array(repeating: Float(1), count: 200) + [1000, 0, 0]
        #expect(FrameImages.referenceCount(counts) == 1)
        let frames = FrameTensor(shape: FrameShape(timeSteps: 1, channels: 1, height: 1, width: counts.count),
                                 storage: .float32(counts))
        let image = try? FrameImages().images(frames)[0]
        #expect(image?[0, 0] == .white && image?[200, 0] == .white && image?[201, 0] == .black)
    }

    @Test("auto scale: about 128 px per side")
    func autoScale() {
        #expect(FrameImages.autoScale(width: 34, height: 34) == 3)
        #expect(FrameImages.autoScale(width: 128, height: 128) == 1)
        #expect(FrameImages.autoScale(width: 346, height: 260) == 1)
    }

    @Test("a strip longer than a PNG side may be is refused before any frame is drawn, in the user's terms")
    func tooLongForPNG() {
        // 100 000 steps of a 34-pixel-wide sensor: 3 499 999 pixels wide; the frames hold 1 byte each, no canvas.
        let long = FrameTensor(shape: FrameShape(timeSteps: 100_000, channels: 2, height: 1, width: 34),
                               storage: .uint8([UInt8](repeating: 0, count: 100_000 * 2 * 34)))
        #expect(throws: RenderError.imageTooLarge(width: 3_499_999, height: 1, limit: 1_000_000)) {
            try FrameImages().strip(long)
        }
        let text = RenderError.imageTooLarge(width: 3_499_999, height: 1, limit: 1_000_000).description
        #expect(text.contains("fewer --time-bins") && !text.contains("libpng"))
    }
}
