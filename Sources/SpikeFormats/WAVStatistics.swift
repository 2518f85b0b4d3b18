/// The fields of the WAV golden files (MANIFEST.md) over a file's integer samples, all channels interleaved:
/// count, sum, min, max, Σ|s|, Σs², the first and last 8 samples. Accumulated block by block in O(1) memory.
public struct WAVStatistics: Sendable, Equatable {
    public static let edgeCount = 8
    public private(set) var count: Int64 = 0
    public private(set) var sum: Int64 = 0
    public private(set) var sumAbs: Int64 = 0
    /// Wraps only beyond 2^63 (e.g. > 2·10⁹ full-scale 32-bit samples); `&+` keeps it from trapping.
    public private(set) var sumSquares: Int64 = 0
    public private(set) var min = Int64.max
    public private(set) var max = Int64.min
    public private(set) var first: [Int64] = []
    public private(set) var last: [Int64] = []

    public init() {}

    public mutating func add(_ samples: [Int32]) {
        for s in samples {
            let v = Int64(s)
            sum &+= v
            sumAbs &+= Swift.abs(v)
            sumSquares &+= v &* v
            min = Swift.min(min, v)
            max = Swift.max(max, v)
        }
        count += Int64(samples.count)
        if first.count < Self.edgeCount { first += samples.prefix(Self.edgeCount - first.count).map(Int64.init) }
        last = Array((last + samples.suffix(Self.edgeCount).map(Int64.init)).suffix(Self.edgeCount))
    }

    /// Reads the remaining integer samples of `reader` (integer PCM only).
    public static func of(_ reader: WAVReader) throws(EventFileError) -> WAVStatistics {
        var stats = WAVStatistics()
        while let block = try reader.nextIntegerSamples(maxFrames: 1 << 14) { stats.add(block) }
        return stats
    }
}
