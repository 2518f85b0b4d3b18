import SpikeEvents

/// One `/events` chunk, ready to store: its index and the zstd-compressed bytes of columns t, x, y, p.
struct EventColumnChunk: Sendable {
    let index: Int
    let columns: [[UInt8]]
}

/// Builds the compressed `/events` chunks of a commit before the writer opens the file, as frames are compressed
/// before it: the file is then open only to store bytes, not while zstd runs, so a `kill -9` nearly always finds
/// it closed and a rerun resumes. Each commit rewrites the file's last, partly filled chunk, whose events it keeps.
struct EventChunkBuilder {
    static let chunkEvents = CacheLayout.Events.chunkEvents
    let level: Int32
    /// Rows stored so far.
    private(set) var rows: Int
    /// The events of the last chunk, rows `rows - tail.count ..< rows` (fewer than `chunkEvents`).
    private var tail: EventChunk

    /// `tail` are the events in rows `tailStart(rows) ..< rows` of the file.
    init(rows: Int, tail: EventChunk, level: Int32) {
        precondition(tail.count == rows - Self.tailStart(rows: rows), "the tail must be the events of the last chunk")
        self.rows = rows
        self.tail = tail
        self.level = level
    }

    /// The first row of the chunk that row `rows` falls in.
    static func tailStart(rows: Int) -> Int { rows / chunkEvents * chunkEvents }

    /// The chunks that store `events` after the rows so far (the last stored chunk rewritten with them), each
    /// column padded with zeros to a whole chunk; the builder then counts them as stored.
    mutating func chunks(appending events: EventChunk) throws(CacheError) -> [EventColumnChunk] {
        guard !events.isEmpty else { return [] }
        var all = tail
        all.append(contentsOf: events)
        let first = Self.tailStart(rows: rows) / Self.chunkEvents
        var chunks: [EventColumnChunk] = []
        for start in stride(from: 0, to: all.count, by: Self.chunkEvents) {
            let end = min(start + Self.chunkEvents, all.count)
            chunks.append(EventColumnChunk(index: first + start / Self.chunkEvents, columns: [
                try compressed(all.t[start..<end]), try compressed(all.x[start..<end]),
                try compressed(all.y[start..<end]), try compressed(all.p[start..<end]),
            ]))
        }
        rows += events.count
        let kept = all.count - (rows - Self.tailStart(rows: rows))
        tail = EventChunk(t: Array(all.t[kept...]), x: Array(all.x[kept...]), y: Array(all.y[kept...]),
                          p: Array(all.p[kept...]))
        return chunks
    }

    /// One column of a chunk, zero-padded to `chunkEvents` values (little-endian, as the file types) and compressed.
    private func compressed<T: FixedWidthInteger & BitwiseCopyable>(_ values: ArraySlice<T>) throws(CacheError) -> [UInt8] {
        var padded = [T](repeating: 0, count: Self.chunkEvents)
        padded.replaceSubrange(0..<values.count, with: values.map(\.littleEndian))
        return try padded.withBytes { (bytes) throws(CacheError) in try Zstd.compress(bytes, level: level) }
    }
}
