import SpikeEvents

/// Decodes an event format from bytes pushed as they arrive (a pipe, a socket): each push returns the events
/// its bytes complete, a partial record waits for the next push, and `finish` ends the stream. Memory is the
/// pushed bytes plus less than one record (or header line) kept between pushes. Malformed bytes throw an
/// `EventFileError` naming the stream offset; a decoder that threw must not be pushed to again.
public protocol EventStreamDecoder {
    /// The sensor the events are on.
    var sensorSize: SensorSize { get }
    /// Bytes consumed so far, headers included.
    var offset: Int64 { get }
    mutating func push(_ bytes: UnsafeRawBufferPointer) throws(EventFileError) -> EventChunk
    /// The end of the stream: the events still held back; a partial record or header is an error.
    mutating func finish() throws(EventFileError) -> EventChunk
}

extension EventStreamDecoder {
    /// Pushes an array of bytes.
    public mutating func push(_ bytes: [UInt8]) throws(EventFileError) -> EventChunk {
        try bytes.withBytes { (b) throws(EventFileError) -> EventChunk in try push(b) }
    }
}

/// Cuts pushed bytes into runs of whole fixed-size records and keeps a trailing partial record for the next
/// push, tracking the stream offset of every run.
struct RecordSplitter {
    let recordSize: Int
    private var partial: [UInt8] = []
    /// Stream offset of the next byte.
    private(set) var offset: Int64

    init(recordSize: Int, offset: Int64 = 0) {
        self.recordSize = recordSize
        self.offset = offset
        partial.reserveCapacity(recordSize)
    }

    /// Bytes of an incomplete record held back.
    var pendingBytes: Int { partial.count }

    /// Hands `body` runs of whole records (at most `maxRecords` in all) with the stream offset of each run, and
    /// returns how many bytes of `bytes` it used: all of them unless `maxRecords` stopped it.
    mutating func split(_ bytes: UnsafeRawBufferPointer, maxRecords: Int = .max,
                        _ body: (UnsafeRawBufferPointer, Int64) throws(EventFileError) -> Void) throws(EventFileError) -> Int {
        var used = 0
        var left = maxRecords
        if !partial.isEmpty, left > 0 {
            let take = min(recordSize - partial.count, bytes.count)
            partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            used = take
            guard partial.count == recordSize else { return used }
            let start = offset
            offset += Int64(recordSize)
            try partial.withBytes { (record) throws(EventFileError) in try body(record, start) }
            partial.removeAll(keepingCapacity: true)
            left -= 1
        }
        let records = min(left, (bytes.count - used) / recordSize)
        if records > 0 {
            let run = UnsafeRawBufferPointer(rebasing: bytes[used..<(used + records * recordSize)])
            let start = offset
            offset += Int64(run.count)
            used += run.count
            try body(run, start)
            left -= records
        }
        if left > 0, used < bytes.count {
            partial.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[used...]))
            used = bytes.count
        }
        return used
    }

    /// At the end of the stream: an incomplete record is an error.
    func finish(path: String) throws(EventFileError) {
        if !partial.isEmpty {
            throw .truncatedRecord(path: path, offset: offset, recordSize: recordSize, bytesLeft: partial.count)
        }
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for a body that throws `EventFileError` (the standard one is untyped `rethrows`).
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(EventFileError) -> R) throws(EventFileError) -> R {
        try withUnsafeBytes { b in Result { () throws(EventFileError) -> R in try body(b) } }.get()
    }
}
