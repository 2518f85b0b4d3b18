import SpikeEvents

/// Frames `[T, C, H, W]` as pictures: one image per time step, or all steps side by side in a strip.
/// Two channels are OFF (channel 0, p = 0) and ON (channel 1, p = 1); one channel is merged polarities.
/// Every step shares one count scale, `referenceCount`, so frames stay comparable.
public struct FrameImages: Sendable {
    public var palette: FramePalette

    public init(palette: FramePalette = FramePalette()) {
        self.palette = palette
    }

    /// One image per time step, at sensor size (1 px per cell), scaled up `scale` times.
    public func images(_ frames: FrameTensor, scale: Int = 1) throws(RenderError) -> [RGBCanvas] {
        let s = frames.shape
        guard s.timeSteps > 0, s.width > 0, s.height > 0 else { throw .emptyFrames }
        guard s.channels == 1 || s.channels == 2 else { throw .unsupportedChannels(s.channels) }
        guard scale >= 1 else { throw .invalidOption(name: "scale", reason: "must be ≥ 1") }
        let values = frames.storage.floats
        let maximum = Self.referenceCount(values)
        let plane = s.height * s.width
        return values.withUnsafeBufferPointer { v in
            (0..<s.timeSteps).map { t in
                var image = RGBCanvas(width: s.width * scale, height: s.height * scale, background: palette.background)
                let base = t * s.channels * plane
                for cell in 0..<plane {
                    let colour = colour(v, step: base, plane: plane, cell: cell, channels: s.channels, maximum: maximum)
                    guard colour != palette.background else { continue }
                    image.fill(x: cell % s.width * scale, y: cell / s.width * scale, width: scale, height: scale,
                               with: colour)
                }
                return image
            }
        }
    }

    /// The colour of `cell` in the time step whose channels start at `step` (OFF plane, then ON, or one merged).
    private func colour(_ v: UnsafeBufferPointer<Float>, step: Int, plane: Int, cell: Int, channels: Int,
                        maximum: Float) -> RGB {
        channels == 2
            ? palette.colour(onLevel: palette.level(v[step + plane + cell], maximum: maximum),
                             offLevel: palette.level(v[step + cell], maximum: maximum))
            : palette.colour(mergedLevel: palette.level(v[step + cell], maximum: maximum))
    }

    /// Frames of a one-row sensor `[T, C, 1, W]` (W channels, e.g. an audio clip's mel bands) as one picture:
    /// time steps left to right, channel 0 at the bottom, each cell `scale`×`scale` pixels. (A strip of T
    /// one-pixel-high frames would be a thin line.)
    public func timeByChannel(_ frames: FrameTensor, scale: Int = 1) throws(RenderError) -> RGBCanvas {
        let s = frames.shape
        guard s.height == 1 else { throw .notOneDimensional(height: s.height) }
        guard s.timeSteps > 0, s.width > 0 else { throw .emptyFrames }
        guard s.channels == 1 || s.channels == 2 else { throw .unsupportedChannels(s.channels) }
        guard scale >= 1 else { throw .invalidOption(name: "scale", reason: "must be ≥ 1") }
        guard s.timeSteps * scale <= PNGCodec.maximumSide, s.width * scale <= PNGCodec.maximumSide else {
            throw .imageTooLarge(width: s.timeSteps * scale, height: s.width * scale, limit: PNGCodec.maximumSide)
        }
        let values = frames.storage.floats
        let maximum = Self.referenceCount(values)
        var image = RGBCanvas(width: s.timeSteps * scale, height: s.width * scale, background: palette.background)
        values.withUnsafeBufferPointer { v in
            for t in 0..<s.timeSteps {
                for channel in 0..<s.width {
                    let colour = colour(v, step: t * s.channels * s.width, plane: s.width, cell: channel,
                                        channels: s.channels, maximum: maximum)
                    guard colour != palette.background else { continue }
                    image.fill(x: t * scale, y: (s.width - 1 - channel) * scale, width: scale, height: scale, with: colour)
                }
            }
        }
        return image
    }

    /// All time steps left to right, each `scale` times sensor size, with a 1-px separator between them.
    public func strip(_ frames: FrameTensor, scale: Int = 1) throws(RenderError) -> RGBCanvas {
        // Refused before any frame is drawn: a strip too long for a PNG would otherwise be gigabytes of pixels.
        let width = frames.shape.timeSteps * (frames.shape.width * scale + 1) - 1
        guard width <= PNGCodec.maximumSide else {
            throw .imageTooLarge(width: width, height: frames.shape.height * scale, limit: PNGCodec.maximumSide)
        }
        let images = try images(frames, scale: scale)
        let w = images[0].width
        var strip = RGBCanvas(width: images.count * (w + 1) - 1, height: images[0].height, background: palette.separator)
        for (t, image) in images.enumerated() { strip.draw(image, x: t * (w + 1), y: 0) }
        return strip
    }

    /// The count shown at full strength: the 99th percentile of the non-zero counts (the ⌈0.99·(n − 1)⌉-th
    /// smallest), so a few hot pixels do not leave every other pixel dim. Larger counts saturate.
    public static func referenceCount(_ values: [Float]) -> Float {
        let nonZero = values.filter { $0 > 0 }.sorted()
        guard !nonZero.isEmpty else { return 0 }
        return nonZero[Int((Double(nonZero.count - 1) * 0.99).rounded(.up))]
    }

    /// The scale that makes a `width`×`height` sensor about `target` pixels on its long side (at least 1):
    /// 34×34 N-MNIST → 3, 128×128 DVS → 1.
    public static func autoScale(width: Int, height: Int, target: Int = 128) -> Int {
        max(1, target / max(1, max(width, height)))
    }
}

extension FrameStorage {
    /// Every element as `Float` (frames are small; one pass, one allocation).
    var floats: [Float] {
        switch self {
        case .uint8(let a): a.map(Float.init)
        case .uint16(let a): a.map(Float.init)
        case .float32(let a): a
        }
    }
}
