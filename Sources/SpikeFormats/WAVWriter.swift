/// Builds RIFF/WAVE files from interleaved samples, for tests, fixtures and the fuzz corpus: any supported
/// format, extra chunks before or after `data` (odd sizes are padded), and an optional lying `data` size.
public struct WAVWriter: Sendable {
    /// A chunk written verbatim: a four-character id and its payload.
    public struct Chunk: Sendable {
        public var id: String
        public var payload: [UInt8]
        public init(id: String, payload: [UInt8]) {
            self.id = id
            self.payload = payload
        }
    }

    public var format: WAVFormat
    public var chunksBeforeData: [Chunk]
    public var chunksAfterData: [Chunk]
    /// Written into the `data` header instead of the true size (e.g. 0xFFFFFFFF, or more than the file holds).
    public var declaredDataSize: UInt32?

    public init(format: WAVFormat, chunksBeforeData: [Chunk] = [], chunksAfterData: [Chunk] = [],
                declaredDataSize: UInt32? = nil) {
        self.format = format
        self.chunksBeforeData = chunksBeforeData
        self.chunksAfterData = chunksAfterData
        self.declaredDataSize = declaredDataSize
    }

    /// The file bytes for interleaved integer samples (8-bit given as −128…127), clamped to the bit depth.
    /// For a float format the integers are written as floats scaled by 1/32768.
    public func bytes(integers: [Int32]) -> [UInt8] {
        var data = WAVByteWriter()
        data.bytes.reserveCapacity(integers.count * format.bytesPerSample)
        let bits = format.bitsPerSample
        for v in integers {
            switch (format.encoding, bits) {
            case (.float, _): append(float: Double(v) / 32768, to: &data)
            case (_, 8): data.bytes.append(UInt8(clamping: Int(v) + 128))
            default:
                let limit = Int64(1) << (bits - 1)
                let raw = UInt32(truncatingIfNeeded: max(-limit, min(limit - 1, Int64(v))))
                for k in 0..<(bits / 8) { data.bytes.append(UInt8(truncatingIfNeeded: raw >> (8 * k))) }
            }
        }
        return file(data: data.bytes)
    }

    /// The file bytes for interleaved float samples in [-1, 1]: floats as they are, integers scaled by
    /// 2^(bits−1), rounded and clamped.
    public func bytes(floats: [Float]) -> [UInt8] {
        guard format.encoding == .integer else {
            var data = WAVByteWriter()
            for v in floats { append(float: Double(v), to: &data) }
            return file(data: data.bytes)
        }
        let scale = Float(1 << (format.bitsPerSample - 1))
        return bytes(integers: floats.map { Int32(clamping: Int64(($0 * scale).rounded())) })
    }

    /// Writes `bytes` (from `bytes(integers:)` or `bytes(floats:)`) to `path`.
    public static func write(_ bytes: [UInt8], to path: String) throws(EventFileError) {
        let out = try FileOutput(path: path)
        var at = 0
        while at < bytes.count {
            let n = min(1 << 16, bytes.count - at)
            try out.append(count: n) { dst in
                bytes.withUnsafeBufferPointer { src in dst.update(from: src.baseAddress! + at, count: n) }
            }
            at += n
        }
        try out.finish(sync: false)
    }

    private func append(float v: Double, to data: inout WAVByteWriter) {
        if format.bitsPerSample == 64 {
            let bits = v.bitPattern
            data.wavU32(UInt32(truncatingIfNeeded: bits))
            data.wavU32(UInt32(truncatingIfNeeded: bits >> 32))
        } else {
            data.wavU32(Float(v).bitPattern)
        }
    }

    private func file(data: [UInt8]) -> [UInt8] {
        var body = WAVByteWriter()
        body.id("WAVE")
        func chunk(_ id: String, _ payload: [UInt8], size: UInt32? = nil) {
            body.id(id)
            body.wavU32(size ?? UInt32(payload.count))
            body.bytes.append(contentsOf: payload)
            if payload.count & 1 == 1 { body.bytes.append(0) }
        }
        for c in chunksBeforeData { chunk(c.id, c.payload) }
        chunk("fmt ", format.payload)
        chunk("data", data, size: declaredDataSize)
        for c in chunksAfterData { chunk(c.id, c.payload) }
        var file = WAVByteWriter()
        file.id("RIFF")
        file.wavU32(UInt32(body.bytes.count))
        return file.bytes + body.bytes
    }
}
