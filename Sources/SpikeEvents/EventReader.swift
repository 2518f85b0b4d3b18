/// A streaming decoder for one event file. Each call to `nextChunk(maxEvents:)` returns at most `maxEvents`
/// events in time order, or `nil` at the end of the file; memory stays bounded by the chunk size whatever the
/// file size. Readers own an open file, so they are reference types used from one task at a time.
public protocol EventReader: AnyObject {
    /// The path the reader decodes, for messages.
    var path: String { get }
    /// The sensor geometry of the recording.
    var sensorSize: SensorSize { get }
    /// The next chunk of at most `maxEvents` events, or `nil` once the file is exhausted.
    func nextChunk(maxEvents: Int) throws -> EventChunk?
}

extension EventReader {
    /// Decodes the remaining events into one chunk.
    public func readAll(chunkSize: Int = 1 << 16) throws -> EventChunk {
        var all = EventChunk()
        while let chunk = try nextChunk(maxEvents: chunkSize) {
            if all.isEmpty { all = chunk } else { all.append(contentsOf: chunk) }
        }
        return all
    }

    /// An `AsyncSequence` view over the chunks, for consumers that run in a task.
    public func chunks(maxEvents: Int = 1 << 16) -> EventChunkSequence<Self> {
        EventChunkSequence(reader: self, maxEvents: maxEvents)
    }
}

/// Chunks of a reader as an `AsyncSequence`. Iterating it consumes the reader, so iterate it once,
/// from one task.
public struct EventChunkSequence<Reader: EventReader>: AsyncSequence {
    public typealias Element = EventChunk
    let reader: Reader
    let maxEvents: Int

    public struct AsyncIterator: AsyncIteratorProtocol {
        let reader: Reader
        let maxEvents: Int
        public mutating func next() async throws -> EventChunk? {
            try Task.checkCancellation()
            return try reader.nextChunk(maxEvents: maxEvents)
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(reader: reader, maxEvents: maxEvents)
    }
}
