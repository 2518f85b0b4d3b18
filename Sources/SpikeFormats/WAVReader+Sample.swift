import SpikeEvents

extension WAVReader {
    /// The mono audio of a catalog sample: the whole file, or the frames `⌊start·rate/10⁶⌋ ..< ⌊end·rate/10⁶⌋`
    /// of a `.segment(path, start, end)` (µs), read without decoding what comes before the segment.
    public static func read(_ source: SampleSource) throws(EventFileError) -> AudioChunk {
        let reader = try WAVReader(path: source.path)
        guard case .segment(_, let start, let end) = source else { return try reader.readAll() }
        let rate = Int64(reader.sampleRate)
        let first = start.multipliedReportingOverflow(by: rate).partialValue / 1_000_000
        let last = end.multipliedReportingOverflow(by: rate).partialValue / 1_000_000
        try reader.skip(frames: max(0, first))
        return try reader.readAll(maxFrames: max(0, last - max(0, first)))
    }
}
