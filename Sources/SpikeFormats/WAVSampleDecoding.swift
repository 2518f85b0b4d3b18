/// The sample loops of the WAV reader: interleaved little-endian frames → mono Float32 (channel mean) or
/// interleaved Int32. Each reads `frames` whole frames from `src` and writes through `out`; no allocation.
enum WAVSampleDecoding {
    /// Mono mix normalised to [-1, 1]: integers divide by 2^(bits−1) (8-bit is unsigned, offset 128).
    static func mono(_ src: UnsafeRawPointer, frames: Int, format: WAVFormat, into out: UnsafeMutablePointer<Float>) {
        let channels = format.channels
        let samples = frames &* channels
        switch (format.encoding, format.bitsPerSample) {
        case (.integer, 8): mix(samples, channels, 1.0 / 128, out) { Float(Int16(src.load(fromByteOffset: $0, as: UInt8.self)) - 128) }
        case (.integer, 16): mix(samples, channels, 1.0 / 32768, out) { Float(int16(src, $0)) }
        case (.integer, 24): mix(samples, channels, 1.0 / 8_388_608, out) { Float(int24(src, $0)) }
        case (.integer, 32): mix(samples, channels, 1.0 / 2_147_483_648, out) { Float(int32(src, $0)) }
        case (.float, 32): mix(samples, channels, 1, out) { Float(bitPattern: UInt32(littleEndian: src.loadUnaligned(fromByteOffset: $0 &* 4, as: UInt32.self))) }
        default: mix(samples, channels, 1, out) { Float(Double(bitPattern: UInt64(littleEndian: src.loadUnaligned(fromByteOffset: $0 &* 8, as: UInt64.self)))) }
        }
    }

    /// Interleaved integer samples as stored (8-bit re-centred to −128…127). Integer PCM only.
    static func integers(_ src: UnsafeRawPointer, frames: Int, format: WAVFormat, into out: UnsafeMutablePointer<Int32>) {
        let samples = frames &* format.channels
        switch format.bitsPerSample {
        case 8: for i in 0..<samples { out[i] = Int32(src.load(fromByteOffset: i, as: UInt8.self)) - 128 }
        case 16: for i in 0..<samples { out[i] = Int32(int16(src, i)) }
        case 24: for i in 0..<samples { out[i] = int24(src, i) }
        default: for i in 0..<samples { out[i] = int32(src, i) }
        }
    }

    /// Sample `i` decoded by `load`, averaged over each frame's channels and scaled. Mono skips the mean.
    @inline(__always)
    private static func mix(_ samples: Int, _ channels: Int, _ scale: Float, _ out: UnsafeMutablePointer<Float>,
                            _ load: (Int) -> Float) {
        if channels == 1 {
            for i in 0..<samples { out[i] = load(i) * scale }
            return
        }
        let frameScale = scale / Float(channels)
        var i = 0, f = 0
        while i < samples {
            var sum: Float = 0
            for c in 0..<channels { sum += load(i &+ c) }
            out[f] = sum * frameScale
            i &+= channels
            f &+= 1
        }
    }

    @inline(__always)
    private static func int16(_ src: UnsafeRawPointer, _ i: Int) -> Int16 {
        Int16(littleEndian: src.loadUnaligned(fromByteOffset: i &* 2, as: Int16.self))
    }

    @inline(__always)
    private static func int24(_ src: UnsafeRawPointer, _ i: Int) -> Int32 {
        let b = src + i &* 3
        let raw = UInt32(b.load(as: UInt8.self)) | UInt32(b.load(fromByteOffset: 1, as: UInt8.self)) << 8
            | UInt32(b.load(fromByteOffset: 2, as: UInt8.self)) << 16
        return Int32(bitPattern: raw << 8) >> 8  // sign-extend from bit 23
    }

    @inline(__always)
    private static func int32(_ src: UnsafeRawPointer, _ i: Int) -> Int32 {
        Int32(littleEndian: src.loadUnaligned(fromByteOffset: i &* 4, as: Int32.self))
    }
}
