import SpikeEvents

/// A RIFF/WAVE stream pushed as it arrives: chunks walked by size until `data` (after `fmt `), then whole
/// frames decoded to mono Float32 as by `WAVReader`. Chunks after `data` are ignored. Memory: the pushed
/// bytes plus less than one frame or chunk header.
public struct WAVStreamDecoder {
    public let source: String
    /// The audio format, once the `fmt ` chunk has arrived.
    public private(set) var format: WAVFormat?
    /// Stream bytes consumed so far.
    public private(set) var offset: Int64 = 0
    private var phase = Phase.fileHeader
    private var collected: [UInt8] = []
    private var frames = RecordSplitter(recordSize: 1)

    private enum Phase {
        case fileHeader
        case chunkHeader
        /// The first `keep` bytes of a `fmt ` chunk at `at`, then `skip` more.
        case fmt(at: Int64, keep: Int, skip: Int64)
        case skip(Int64)
        /// Inside `data`, with this many bytes left (`nil`: up to the end of the stream).
        case data(left: Int64?)
        case trailing
    }

    public init(source: String) { self.source = source }

    /// The mono samples the pushed bytes complete (sample rate in `format`).
    public mutating func push(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> [Float] {
        var samples: [Float] = []
        var at = 0
        while at < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[at...])
            let used: Int
            switch phase {
            case .fileHeader:
                used = collect(12, from: rest)
                if collected.count == 12 {
                    _ = try WAVReader.riffSize(collected, path: source)
                    collected.removeAll()
                    phase = .chunkHeader
                }
            case .chunkHeader:
                used = collect(8, from: rest)
                if collected.count == 8 { try startChunk(WAVReader.chunkHeader(collected, at: offset + Int64(used) - 8)) }
            case .fmt(let chunkAt, let keep, let skip):
                used = collect(keep, from: rest)
                if collected.count == keep {
                    format = try WAVFormat.parse(collected, path: source, offset: chunkAt)
                    collected.removeAll()
                    phase = skip > 0 ? .skip(skip) : .chunkHeader
                }
            case .skip(let left):
                used = Int(min(left, Int64(rest.count)))
                phase = left == Int64(used) ? .chunkHeader : .skip(left - Int64(used))
            case .data(let left):
                let available = left.map { Int(min($0, Int64(rest.count))) } ?? rest.count
                used = try decodeFrames(UnsafeRawBufferPointer(rebasing: rest[0..<available]), into: &samples)
                if let left { phase = left == Int64(used) ? .trailing : .data(left: left - Int64(used)) }
            case .trailing:
                used = rest.count
            }
            at += used
            offset += Int64(used)
        }
        return samples
    }

    /// The end of the stream: before `data` it is an error; a partial last frame is dropped as by `WAVReader`.
    public func finish() throws(EventFileError) {
        switch phase {
        case .fileHeader, .chunkHeader, .fmt, .skip:
            throw format == nil
                ? .missingChunk(path: source, chunk: "fmt ", offset: offset, reason: "the stream ends without one")
                : .missingChunk(path: source, chunk: "data", offset: offset, reason: "the stream ends without one")
        case .data, .trailing:
            return
        }
    }

    private mutating func collect(_ count: Int, from bytes: UnsafeRawBufferPointer) -> Int {
        let take = min(count - collected.count, bytes.count)
        collected.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
        return take
    }

    private mutating func startChunk(_ chunk: WAVChunkInfo) throws(EventFileError) {
        collected.removeAll()
        let payload = Int64(chunk.size) + Int64(chunk.size & 1)
        if chunk.id == "data" {
            guard let format else {
                throw .missingChunk(path: source, chunk: "fmt ", offset: chunk.offset, reason: "the 'data' chunk at "
                                        + "byte offset \(chunk.offset) comes before any 'fmt ' chunk")
            }
            frames = RecordSplitter(recordSize: format.frameSize, offset: chunk.offset + 8)
            phase = .data(left: chunk.size == WAVReader.unknownDataSize ? nil : Int64(chunk.size))
        } else if chunk.id == "fmt " && format == nil {
            let keep = Int(min(chunk.size, 64))
            phase = .fmt(at: chunk.offset, keep: keep, skip: payload - Int64(keep))
        } else {
            phase = payload > 0 ? .skip(payload) : .chunkHeader
        }
    }

    private mutating func decodeFrames(_ bytes: UnsafeRawBufferPointer, into samples: inout [Float]) throws(EventFileError) -> Int {
        guard let format else { return bytes.count }
        return try frames.split(bytes) { (run, _) throws(EventFileError) in
            let count = run.count / format.frameSize
            let start = samples.count
            samples.append(contentsOf: repeatElement(0, count: count))
            samples.withUnsafeMutableBufferPointer { out in
                WAVSampleDecoding.mono(run.baseAddress!, frames: count, format: format, into: out.baseAddress! + start)
            }
        }
    }
}
