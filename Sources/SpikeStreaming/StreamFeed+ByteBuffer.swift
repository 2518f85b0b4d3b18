import NIOCore
import SpikeEvents

extension StreamFeed {
    /// One socket read's bytes: decoded, then run through the session; `emit` gets the windows they close.
    mutating func push(_ chunk: ByteBuffer, arrival: ContinuousClock.Instant,
                       emit: (StreamOutput) throws(StreamError) -> Void) throws(StreamError) {
        let events = try chunk.withUnsafeReadableBytes { bytes in
            Result { () throws(StreamError) -> EventChunk in try decode(bytes) }
        }.get()
        try push(events, arrival: arrival, emit: emit)
    }
}
