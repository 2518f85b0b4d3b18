import SpikeEvents

/// A deterministic stratified train/test split for datasets without an official one (CIFAR10-DVS): within each
/// class the samples, in a fixed order, are shuffled by a seeded generator (xoshiro256**, seeded with `seed`
/// and the class index) and the first `round(trainRatio × n)` become train. The result depends only on the
/// ratio, the seed and the per-class order — never on directory listing order or on the other classes.
public struct StratifiedSplit: Hashable, Codable, Sendable, CustomStringConvertible {
    public var trainRatio: Double
    public var seed: UInt64

    public init(trainRatio: Double = 0.9, seed: UInt64 = 0) throws(CatalogError) {
        guard trainRatio > 0, trainRatio < 1 else {
            throw .invalidOption("the train ratio must lie strictly between 0 and 1 (got \(trainRatio))")
        }
        self.trainRatio = trainRatio
        self.seed = seed
    }

    /// For the text attributes of a cache.
    public var description: String {
        "stratified per class: seeded shuffle (xoshiro256**, seed \(seed)) of the files in numeric order, "
            + "first round(\(trainRatio) × n) train, the rest test"
    }

    /// The split of each of `count` samples of class `classIndex`, in their fixed order.
    public func splits(count: Int, classIndex: Int) -> [Split] {
        var random = SeededRandom(seed: seed, stream: [UInt64(classIndex)])
        let order = random.shuffled(Array(0..<count))
        let trainCount = Int((trainRatio * Double(count)).rounded())
        var result = [Split](repeating: .test, count: count)
        for i in order.prefix(trainCount) { result[i] = .train }
        return result
    }
}
