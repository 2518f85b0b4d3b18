import SpikeEvents

/// One RIFF chunk as found in the file: four-character id, payload offset of its header, declared size.
public struct WAVChunkInfo: Hashable, Sendable, Codable {
    public var id: String
    /// Byte offset of the chunk's 8-byte header.
    public var offset: Int64
    public var size: UInt32
}

/// How the reader bounded the `data` chunk.
public enum WAVDataExtent: Hashable, Sendable, CustomStringConvertible {
    /// The declared size fits the file and was used.
    case declared
    /// The declared size runs past the end of the file (a truncated copy or a lying writer): read to EOF.
    case exceedsFile(declared: UInt32, available: Int64)
    /// 0xFFFFFFFF, written by streaming encoders that never patch the header: read to EOF.
    case unknownSize

    /// How much of the 'data' chunk was read, in words for `inspect`.
    public var description: String {
        switch self {
        case .declared: "as declared"
        case let .exceedsFile(declared, available):
            "to the end of the file: the header declares \(declared) data bytes, the file holds \(available)"
        case .unknownSize: "to the end of the file (the header leaves the size open, as a streamed WAV does)"
        }
    }
}

/// Streaming RIFF/WAVE reader (FORMATS.md §6): walks chunks by size in any order until `data` (which must
/// follow `fmt `), then decodes `data` in blocks of at most `blockFrames` frames into mono Float32
/// `AudioChunk`s or raw interleaved integers; memory is bounded by that block whatever the file size. Chunks
/// after `data` (`LIST`, `id3 `…) are walked, skipped and listed in `chunks` once the data is exhausted. A
/// trailing partial frame is dropped and counted in `droppedTrailingBytes`.
public final class WAVReader {
    /// 0xFFFFFFFF: the placeholder size of streaming writers.
    public static let unknownDataSize: UInt32 = .max

    public let path: String
    public let format: WAVFormat
    public let riffSize: UInt32
    /// The chunks walked so far: those up to `data` at open, the rest once the data has been read.
    public private(set) var chunks: [WAVChunkInfo]
    /// Byte offset of the first sample.
    public let dataOffset: Int64
    public let extent: WAVDataExtent
    /// Whole frames in `data`, or `nil` for an input of unknown size read to its end.
    public let frameCount: Int64?
    public private(set) var framesRead: Int64 = 0
    public private(set) var droppedTrailingBytes = 0

    private let input: FileInput
    private let buffer: UnsafeMutableRawBufferPointer
    /// Data bytes still to read; `nil` = up to EOF.
    private var dataLeft: Int64?
    private let declaredDataSize: UInt32
    private var finished = false

    public init(path: String, blockFrames: Int = 4096) throws(EventFileError) {
        precondition(blockFrames > 0)
        self.path = path
        input = try FileInput(path: path)
        if input.size == 0 { throw .emptyFile(path: path) }
        riffSize = try Self.riffSize(Self.read(input, 12, expected: "the 12-byte RIFF/WAVE header"), path: path)

        var chunks: [WAVChunkInfo] = []
        var format: WAVFormat?
        while true {
            let at = input.offset
            guard let chunk = try Self.readChunkHeader(input) else {
                throw format == nil
                    ? .missingChunk(path: path, chunk: "fmt ", offset: at, reason: "the file ends without one")
                    : .missingChunk(path: path, chunk: "data", offset: at, reason: "the file ends without one")
            }
            chunks.append(chunk)
            if chunk.id == "data" { break }
            let payload = Int64(chunk.size) + Int64(chunk.size & 1)
            if let size = input.size, input.offset + Int64(chunk.size) > size {
                throw .truncated(path: path, offset: size,
                                 expected: "the '\(chunk.id)' chunk at byte offset \(at), which declares \(chunk.size) "
                                     + "bytes but has \(size - input.offset) (no 'data' chunk before it)")
            }
            if chunk.id == "fmt " && format == nil {
                let keep = Int(min(chunk.size, 64))
                let body = try Self.read(input, keep, expected: "the 'fmt ' chunk at byte offset \(at)")
                format = try WAVFormat.parse(body, path: path, offset: at)
                try Self.skip(input, payload - Int64(keep))
            } else {
                try Self.skip(input, payload)
            }
        }
        let data = chunks[chunks.count - 1]
        guard let format else {
            throw .missingChunk(path: path, chunk: "fmt ", offset: data.offset,
                                reason: "the 'data' chunk at byte offset \(data.offset) comes before any 'fmt ' chunk")
        }
        self.format = format
        self.chunks = chunks
        let dataOffset = input.offset
        self.dataOffset = dataOffset
        declaredDataSize = data.size
        let available = input.size.map { $0 - dataOffset }
        if data.size == Self.unknownDataSize {
            extent = .unknownSize
            dataLeft = nil
        } else if let available, Int64(data.size) > available {
            extent = .exceedsFile(declared: data.size, available: available)
            dataLeft = nil
        } else {
            extent = .declared
            dataLeft = Int64(data.size)
        }
        if let bytes = dataLeft ?? available {
            frameCount = bytes / Int64(format.frameSize)
        } else {
            frameCount = nil
        }
        buffer = .allocate(byteCount: blockFrames * format.frameSize, alignment: 16)
    }

    deinit { buffer.deallocate() }

    public var sampleRate: Int { format.sampleRate }

    /// The next at most `maxFrames` frames mixed to mono (mean of the channels), or `nil` at the end of `data`.
    public func nextChunk(maxFrames: Int = 4096) throws(EventFileError) -> AudioChunk? {
        let start = framesRead
        let format = self.format
        guard let (bytes, frames) = try nextBlock(maxFrames: maxFrames) else { return nil }
        let samples = [Float](unsafeUninitializedCapacity: frames) { out, n in
            WAVSampleDecoding.mono(bytes, frames: frames, format: format, into: out.baseAddress!)
            n = frames
        }
        return AudioChunk(samples: samples, sampleRate: format.sampleRate, startFrame: start)
    }

    /// The next at most `maxFrames` frames as interleaved integers exactly as stored (8-bit re-centred to
    /// −128…127), or `nil` at the end. Integer PCM only: float data throws `unsupportedAudio`.
    public func nextIntegerSamples(maxFrames: Int = 4096) throws(EventFileError) -> [Int32]? {
        let format = self.format
        guard format.encoding == .integer else {
            throw .unsupportedAudio(path: path, offset: dataOffset, reason: "float samples have no integer form")
        }
        guard let (bytes, frames) = try nextBlock(maxFrames: maxFrames) else { return nil }
        return [Int32](unsafeUninitializedCapacity: frames * format.channels) { out, n in
            WAVSampleDecoding.integers(bytes, frames: frames, format: format, into: out.baseAddress!)
            n = frames * format.channels
        }
    }

    /// Skips `frames` frames (or up to the end of `data`) without decoding them.
    public func skip(frames: Int64) throws(EventFileError) {
        precondition(frames >= 0)
        var bytes = frames * Int64(format.frameSize)
        if let left = dataLeft { bytes = min(bytes, left) }
        if let size = input.size { bytes = min(bytes, size - input.offset) }
        try Self.skip(input, bytes)
        dataLeft = dataLeft.map { $0 - bytes }
        framesRead += bytes / Int64(format.frameSize)
    }

    /// Decodes the remaining frames (at most `maxFrames`) into one mono chunk.
    public func readAll(maxFrames: Int64 = .max) throws(EventFileError) -> AudioChunk {
        var all = AudioChunk(samples: [], sampleRate: format.sampleRate, startFrame: framesRead)
        if let frameCount { all.samples.reserveCapacity(Int(min(maxFrames, max(0, frameCount - framesRead)))) }
        var left = maxFrames
        while left > 0, let chunk = try nextChunk(maxFrames: Int(min(left, Int64(buffer.count / format.frameSize)))) {
            all.samples.append(contentsOf: chunk.samples)
            left -= Int64(chunk.count)
        }
        return all
    }

    /// Reads the next block of whole frames into `buffer`; at the end of `data` walks the trailing chunks.
    private func nextBlock(maxFrames: Int) throws(EventFileError) -> (UnsafeRawPointer, Int)? {
        precondition(maxFrames > 0, "maxFrames must be positive")
        let frameSize = format.frameSize
        var want = min(maxFrames, buffer.count / frameSize) * frameSize
        if let left = dataLeft { want = Int(min(Int64(want), left)) }
        let n = want == 0 ? 0 : try input.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<want]))
        dataLeft = dataLeft.map { $0 - Int64(n) }
        let frames = n / frameSize
        if n < want || dataLeft == 0 {
            // End of data (or of the file): a partial frame cannot be decoded.
            droppedTrailingBytes += n - frames * frameSize
            if n == want { try finishData() } else { dataLeft = 0 }
        }
        guard frames > 0 else { return nil }
        framesRead += Int64(frames)
        return (UnsafeRawPointer(buffer.baseAddress!), frames)
    }

    /// Skips the pad byte of an odd `data` chunk and lists the chunks after it. Metadata after the audio is
    /// optional: damage there (a truncated header or a size past EOF) ends the walk, it does not fail the read.
    private func finishData() throws(EventFileError) {
        guard !finished else { return }
        finished = true
        guard case .declared = extent else { return }
        if declaredDataSize & 1 == 1 { try Self.skip(input, 1) }
        while input.size.map({ input.offset + 8 <= $0 }) ?? false {
            guard let chunk = try Self.readChunkHeader(input) else { return }
            chunks.append(chunk)
            let payload = Int64(chunk.size) + Int64(chunk.size & 1)
            guard let size = input.size, input.offset + payload <= size else { return }
            try Self.skip(input, payload)
        }
    }

    /// The RIFF size of the 12-byte file header, which must be a RIFF/WAVE one.
    static func riffSize(_ header: [UInt8], path: String) throws(EventFileError) -> UInt32 {
        let magic = printableCode(header[0..<4])
        guard magic == "RIFF" else {
            if magic == "RF64" || magic == "RIFX" {
                throw .unsupportedAudio(path: path, offset: 0, reason: "\(magic) containers are not supported")
            }
            throw .malformed(path: path, offset: 0, reason: "not a RIFF/WAVE file (it starts with \(Self.show(header[0..<4])))")
        }
        guard header[8..<12].elementsEqual("WAVE".utf8) else {
            throw .malformed(path: path, offset: 8, reason: "RIFF form type is \(Self.show(header[8..<12])), not 'WAVE'")
        }
        return header.wavU32(4)
    }

    /// A chunk header from its 8 bytes at stream offset `at`.
    static func chunkHeader(_ bytes: [UInt8], at: Int64) -> WAVChunkInfo {
        WAVChunkInfo(id: printableCode(bytes[0..<4]), offset: at, size: bytes.wavU32(4))
    }

    /// The next chunk header, or `nil` at a clean end of file.
    private static func readChunkHeader(_ input: FileInput) throws(EventFileError) -> WAVChunkInfo? {
        let at = input.offset
        var bytes = [UInt8](repeating: 0, count: 8)
        let n = try fill(input, &bytes, count: 8)
        if n == 0 { return nil }
        guard n == 8 else {
            throw .truncated(path: input.path, offset: at + Int64(n), expected: "a chunk header at byte offset \(at)")
        }
        return chunkHeader(bytes, at: at)
    }

    /// Exactly `count` bytes, or `truncated` naming what was expected.
    private static func read(_ input: FileInput, _ count: Int, expected: String) throws(EventFileError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let start = input.offset
        let n = try fill(input, &bytes, count: count)
        guard n == count else { throw .truncated(path: input.path, offset: start + Int64(n), expected: expected) }
        return bytes
    }

    /// Seeks forward in files; reads and discards in pipes, which cannot seek.
    private static func skip(_ input: FileInput, _ count: Int64) throws(EventFileError) {
        guard count > 0 else { return }
        if input.size != nil { return try input.skip(count) }
        var left = count
        var scratch = [UInt8](repeating: 0, count: 1 << 14)
        while left > 0 {
            let want = Int(min(left, Int64(scratch.count)))
            let n = try fill(input, &scratch, count: want)
            if n == 0 { return }
            left -= Int64(n)
        }
    }

    /// Reads up to `count` bytes into the front of `bytes`; returns how many were read (fewer only at EOF).
    private static func fill(_ input: FileInput, _ bytes: inout [UInt8], count: Int) throws(EventFileError) -> Int {
        let result = bytes.withUnsafeMutableBytes { b in
            Result { () throws(EventFileError) -> Int in
                try input.read(into: UnsafeMutableRawBufferPointer(rebasing: b[0..<count]))
            }
        }
        return try result.get()
    }

    private static func show(_ bytes: ArraySlice<UInt8>) -> String {
        "'" + String(bytes.map { (32...126).contains($0) ? Character(UnicodeScalar($0)) : "?" }) + "'"
    }
}
