import SpikeEvents

/// One sample ready for the cache writer: its frames already split into chunks of `framesPerChunk` time steps
/// and zstd-compressed, so the expensive part runs in the caller's parallel worker tasks, not in the writer.
public struct EncodedSample: Sendable, Equatable {
    public let id: String
    public let label: Int32
    public let split: Split
    public let dtype: FrameDType
    public let shape: FrameShape
    public let framesPerChunk: Int
    /// One zstd frame per chunk, in time order: `shape.timeSteps / framesPerChunk` of them.
    public let chunks: [[UInt8]]
    /// The sample's events, for a cache that stores them (`/events`); the writer compresses them.
    public let events: EventChunk?

    /// Compresses `frames` in chunks of `framesPerChunk` time steps (which must divide its time steps).
    public init(id: String, label: Int, split: Split, frames: FrameTensor, framesPerChunk: Int,
                level: Int32 = Zstd.defaultLevel, events: EventChunk? = nil) throws(CacheError) {
        guard let label32 = Int32(exactly: label) else {
            throw .invalidSample(id: id, reason: "label \(label) does not fit the cache's int32 labels")
        }
        guard framesPerChunk > 0, frames.shape.timeSteps % framesPerChunk == 0 else {
            throw .invalidSample(id: id, reason: "its \(frames.shape.timeSteps) time steps are not a multiple of "
                                 + "framesPerChunk = \(framesPerChunk); use framesPerChunk = 1 when T varies")
        }
        let chunkBytes = framesPerChunk * frames.shape.frameElementCount * frames.dtype.byteWidth
        let chunkCount = frames.shape.timeSteps / framesPerChunk
        self.chunks = try frames.storage.withUnsafeBytes { raw in
            Result { () throws(CacheError) in
                try (0..<chunkCount).map { (index) throws(CacheError) in
                    try Zstd.compress(UnsafeRawBufferPointer(rebasing: raw[index * chunkBytes..<(index + 1) * chunkBytes]),
                                      level: level)
                }
            }
        }.get()  // FrameStorage.withUnsafeBytes rethrows untyped errors
        self.id = id
        self.label = label32
        self.split = split
        self.dtype = frames.dtype
        self.shape = frames.shape
        self.framesPerChunk = framesPerChunk
        self.events = events
    }

    /// Total compressed bytes.
    public var compressedByteCount: Int { chunks.reduce(0) { $0 + $1.count } }
}
