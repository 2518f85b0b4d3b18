import SpikeEvents

/// Reads a file through a push decoder for the readers whose formats have a header and then a body that
/// needs decoding state (Prophesee RAW/DAT, AEDAT 4): reads a block, pushes it, and hands out the events in
/// chunks of at most `maxEvents`. Memory is the block buffer (allocated once) and the events of one block.
/// A regular file of at most `mapLimit` bytes is mapped (`FileMapping`) and pushed from the mapping in blocks of
/// the same size, so nothing is copied into the buffer (which is then not allocated).
final class DecodingFileInput<Decoder: EventStreamDecoder> {
    private let input: FileInput
    private let mapping: FileMapping?
    private let blockBytes: Int
    /// The read buffer, when the file is not mapped.
    private let buffer: UnsafeMutableRawBufferPointer?
    /// Bytes of the mapping pushed so far.
    private var mappedOffset = 0
    private(set) var decoder: Decoder
    private var pending = EventChunk()
    private var pendingStart = 0
    private var finished = false

    /// Opens `path` and pushes blocks until `isReady(decoder)` (its header has been read) or the file ends, so
    /// that header errors surface here and the sensor size is known.
    init(path: String, decoder: Decoder, blockBytes: Int, mapLimit: Int64,
         isReady: (Decoder) -> Bool) throws(EventFileError) {
        precondition(blockBytes > 0)
        input = try FileInput(path: path)
        if input.size == 0 { throw .emptyFile(path: path) }
        mapping = input.mapped(upTo: mapLimit)
        self.blockBytes = blockBytes
        buffer = mapping == nil ? .allocate(byteCount: blockBytes, alignment: 8) : nil
        self.decoder = decoder
        while !isReady(self.decoder) && !finished { try pushBlock() }
    }

    deinit { buffer?.deallocate() }

    func nextChunk(maxEvents: Int) throws(EventFileError) -> EventChunk? {
        precondition(maxEvents > 0, "maxEvents must be positive")
        while pendingStart == pending.count {
            if finished { return nil }
            try pushBlock()
        }
        let end = min(pending.count, pendingStart + maxEvents)
        let chunk = pendingStart == 0 && end == pending.count ? pending : pending.slice(pendingStart..<end)
        pendingStart = end
        return chunk
    }

    /// Reads and pushes one block (or finishes the decoder at the end of the file).
    private func pushBlock() throws(EventFileError) {
        let block: UnsafeRawBufferPointer
        if let buffer {
            block = UnsafeRawBufferPointer(rebasing: buffer[0..<(try input.read(into: buffer))])
        } else {
            let mapped = mapping!.bytes
            let end = min(mappedOffset + blockBytes, mapped.count)
            block = UnsafeRawBufferPointer(rebasing: mapped[mappedOffset..<end])
            mappedOffset = end
        }
        let events: EventChunk
        if block.isEmpty {
            finished = true
            events = try decoder.finish()
        } else {
            events = try decoder.push(block)
        }
        if pendingStart < pending.count {
            pending.append(contentsOf: events)
        } else {
            pending = events
            pendingStart = 0
        }
    }
}
