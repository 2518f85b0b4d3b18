import SpikeEvents

extension WAVReader {
    /// The mono audio of a catalog sample: the whole file, or the frames `⌊start·rate/10⁶⌋ ..< ⌊end·rate/10⁶⌋`
    /// of a `.segment(path, start, end)` (µs), read without decoding what comes before the segment. A header that
    /// contradicts itself or the file (`headerInconsistency`) is an error here, so a dataset never caches such a
    /// file as if it were sound (`--on-error` decides whether the run skips it or stops).
    public static func read(_ source: SampleSource) throws(EventFileError) -> AudioChunk {
        let reader = try WAVReader(path: source.path)
        if let problem = reader.headerInconsistency {
            throw .malformed(path: source.path, offset: problem.offset, reason: problem.reason)
        }
        guard case .segment(_, let start, let end) = source else { return try reader.readAll() }
        let rate = Int64(reader.sampleRate)
        let first = start.multipliedReportingOverflow(by: rate).partialValue / 1_000_000
        let last = end.multipliedReportingOverflow(by: rate).partialValue / 1_000_000
        try reader.skip(frames: max(0, first))
        return try reader.readAll(maxFrames: max(0, last - max(0, first)))
    }

    /// Where and how the header contradicts itself or the file: a 'data' chunk declaring more bytes than the file
    /// holds, or a block_align that is not channels × bytes per sample. Readers that show a file (`inspect`,
    /// `stream`) read such files anyway, to the end of the file and by the computed frame size.
    public var headerInconsistency: (offset: Int64, reason: String)? {
        if case let .exceedsFile(declared, available) = extent {
            return (dataOffset - 8, "the 'data' chunk declares \(declared) bytes of samples but the file holds \(available) "
                        + "after it (a truncated copy or a writer that lies)")
        }
        guard format.blockAlign == format.frameSize else {
            let fmt = chunks.first { $0.id == "fmt " }?.offset ?? 12
            return (fmt, "'fmt ' declares block_align \(format.blockAlign) for \(format.channels) channel(s) of "
                        + "\(format.bitsPerSample)-bit samples, which take \(format.frameSize) bytes per frame")
        }
        return nil
    }
}
