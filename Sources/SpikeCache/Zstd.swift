import CZstd

/// Plain zstd (de)compression of byte buffers, used by worker tasks to compress frame chunks before they reach
/// the cache writer, by the reader to decompress raw chunks outside the HDF5 lock, and by the HDF5 filter.
public enum Zstd {
    public static let defaultLevel: Int32 = 3
    // ZSTD_CONTENTSIZE_UNKNOWN / _ERROR are arithmetic macros Swift does not import.
    private static let contentSizeUnknown = UInt64.max
    private static let contentSizeError = UInt64.max - 1

    /// Compresses `bytes` as one zstd frame (with its content size recorded) at `level`.
    public static func compress(_ bytes: UnsafeRawBufferPointer, level: Int32 = defaultLevel) throws(CacheError) -> [UInt8] {
        let bound = ZSTD_compressBound(bytes.count)
        var status = 0
        let out = try ZstdContextPool.compression.withContext { context in
            [UInt8](unsafeUninitializedCapacity: bound) { buffer, initialized in
                status = ZSTD_compressCCtx(context, buffer.baseAddress, bound, bytes.baseAddress, bytes.count, level)
                initialized = ZSTD_isError(status) != 0 ? 0 : status
            }
        }
        if ZSTD_isError(status) != 0 { throw .compression(reason: "compress: \(errorName(status))") }
        return out
    }

    public static func compress(_ bytes: [UInt8], level: Int32 = defaultLevel) throws(CacheError) -> [UInt8] {
        try bytes.withBytes { (raw) throws(CacheError) in try compress(raw, level: level) }
    }

    /// Decompresses one or more concatenated zstd frames. The size comes from the frame header when it is
    /// recorded; frames written without it (streaming writers) are decoded by streaming. `expectedSize`, when
    /// given, is checked.
    public static func decompress(_ bytes: UnsafeRawBufferPointer, expectedSize: Int? = nil) throws(CacheError) -> [UInt8] {
        let declared = ZSTD_getFrameContentSize(bytes.baseAddress, bytes.count)
        if declared == contentSizeError { throw .compression(reason: "input is not a zstd frame (\(bytes.count) bytes)") }
        var out: [UInt8]
        if declared != contentSizeUnknown, declared <= maximumContentSize(compressedSize: bytes.count),
           let oneShot = try decompressOneShot(bytes, size: Int(declared)) {
            out = oneShot
        } else {
            out = try decompressStreaming(bytes, sizeHint: expectedSize)
        }
        if let expectedSize, out.count != expectedSize {
            throw .compression(reason: "decompressed \(out.count) bytes, expected \(expectedSize)")
        }
        return out
    }

    public static func decompress(_ bytes: [UInt8], expectedSize: Int? = nil) throws(CacheError) -> [UInt8] {
        try bytes.withBytes { (raw) throws(CacheError) in try decompress(raw, expectedSize: expectedSize) }
    }

    /// Decompresses `bytes` into exactly `destination.count` bytes (the reader's hot path: no extra copy).
    static func decompress(_ bytes: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer) throws(CacheError) {
        let status = try ZstdContextPool.decompression.withContext { context in
            ZSTD_decompressDCtx(context, destination.baseAddress, destination.count, bytes.baseAddress, bytes.count)
        }
        if ZSTD_isError(status) == 0, status == destination.count { return }
        // A frame without a recorded size, or several frames: decode generally, then check the size.
        let out = try decompress(bytes, expectedSize: destination.count)
        out.withUnsafeBytes { destination.copyMemory(from: $0) }
    }

    /// The most a valid frame of `compressedSize` bytes can hold: every block needs at least 3 bytes and holds at
    /// most 128 KiB. A larger declared size is damage (fuzzing found one asking for 2^57 bytes), so such a frame is
    /// decoded by streaming, which allocates only what it really produces, and fails there.
    private static func maximumContentSize(compressedSize: Int) -> UInt64 {
        UInt64(compressedSize / 3 + 1) * 128 * 1024
    }

    /// `nil` when the one-shot call fails (e.g. several frames whose total exceeds the first header's size).
    private static func decompressOneShot(_ bytes: UnsafeRawBufferPointer, size: Int) throws(CacheError) -> [UInt8]? {
        var ok = false
        let out = try ZstdContextPool.decompression.withContext { context in
            [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                let status = ZSTD_decompressDCtx(context, buffer.baseAddress, size, bytes.baseAddress, bytes.count)
                ok = ZSTD_isError(status) == 0 && status == size
                initialized = ok ? size : 0
            }
        }
        return ok ? out : nil
    }

    private static func decompressStreaming(_ bytes: UnsafeRawBufferPointer, sizeHint: Int?) throws(CacheError) -> [UInt8] {
        guard let stream = ZSTD_createDStream() else { throw .compression(reason: "cannot allocate a decompression stream") }
        defer { ZSTD_freeDStream(stream) }
        ZSTD_initDStream(stream)
        var out = [UInt8]()
        let step = max(sizeHint ?? 0, Int(ZSTD_DStreamOutSize()))
        var scratch = [UInt8](repeating: 0, count: step)
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        var lastStatus = 0
        repeat {
            var produced = 0
            let status = scratch.withUnsafeMutableBytes { raw in
                var output = ZSTD_outBuffer(dst: raw.baseAddress, size: raw.count, pos: 0)
                let status = ZSTD_decompressStream(stream, &output, &input)
                produced = output.pos
                return status
            }
            if ZSTD_isError(status) != 0 { throw .compression(reason: "decompress: \(errorName(status))") }
            out.append(contentsOf: scratch[0..<produced])
            lastStatus = status
            if produced == 0 && input.pos == bytes.count && status != 0 {
                throw .compression(reason: "truncated zstd frame (\(bytes.count) bytes)")
            }
        } while input.pos < bytes.count || lastStatus != 0
        return out
    }

    private static func errorName(_ status: Int) -> String {
        ZSTD_getErrorName(status).map { String(cString: $0) } ?? "error \(status)"
    }
}
