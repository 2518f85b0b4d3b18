import ArgumentParser
import SpikeCache

/// Which sample of a cache a `render` command draws: `--sample N` (default 0), counted within `--split` when given.
struct CacheSampleChoice: ParsableArguments {
    @Option(help: "For a cache: the sample index (default 0), counted within --split when given.")
    var sample: Int?

    @Option(help: "For a cache: count --sample within this split only (train, test or validation).")
    var split: SplitArgument?

    /// Whether either option was given (they apply to caches only).
    var isGiven: Bool { sample != nil || split != nil }

    func validate() throws {
        if let sample, sample < 0 { throw ValidationError("--sample must be ≥ 0") }
    }

    /// The chosen sample's index in the whole cache, and words for it (`test sample 2 (index 12, Test/3/1.bin)`).
    func locate(in reader: CacheReader) throws -> (index: Int, words: String) {
        let n = sample ?? 0
        guard let split else {
            guard n < reader.count else {
                throw ValidationError("--sample \(n): '\(reader.path)' holds \(reader.count) samples (0 … \(reader.count - 1))")
            }
            return (n, "sample \(n) (\(reader.sampleIDs[n]))")
        }
        let members = reader.splits.indices.filter { reader.splits[$0] == split.split }
        guard n < members.count else {
            throw ValidationError("--sample \(n) --split \(split.rawValue): '\(reader.path)' holds \(members.count) "
                                  + "\(split.rawValue) samples" + (members.isEmpty ? "" : " (0 … \(members.count - 1))"))
        }
        return (members[n], "\(split.rawValue) sample \(n) (index \(members[n]), \(reader.sampleIDs[members[n]]))")
    }
}
