import Foundation

/// What one layer holds in a training step, in bytes per row of its `[T·B, …]` input (plus a part that does not
/// grow with the batch). `kept` lives from the forward pass until the next one (saved traces, compressed inputs);
/// `working` only while the layer's own forward or backward pass runs (its input, output and gradients).
public struct LayerFootprint: Sendable, Equatable {
    public var keptPerRow: Int
    public var workingPerRow: Int
    public var fixed: Int

    public init(keptPerRow: Int = 0, workingPerRow: Int, fixed: Int = 0) {
        self.keptPerRow = keptPerRow
        self.workingPerRow = workingPerRow
        self.fixed = fixed
    }

    /// A layer that keeps nothing: its input and output (forward) or both gradients (backward).
    static func passThrough(input: [Int], output: [Int]) -> LayerFootprint {
        LayerFootprint(workingPerRow: 4 * (input.reduce(1, *) + output.reduce(1, *)))
    }
}

/// The peak memory of a training step as `fixedBytes + perSampleBytes · batch` (+ `min(boundBytes,
/// boundedPerSampleBytes · batch)`): the parameters with their gradients and Adam moments, the input batch in both
/// layouts, what every layer keeps for its backward pass, and the largest working set of any one layer, plus the
/// process itself and the allocator's slack; with recomputed blocks, the channel group being redone, which grows
/// with the batch only until it reaches its size limit. Compressed spike inputs are counted at their dense worst
/// case. Calibrated against the measured peak RSS of `bench snn`'s networks (MLP, CNN, BPSA large) at several
/// batch sizes: the estimate is at or above every one (BENCHMARKS.md).
public struct TrainingMemory: Sendable, Equatable {
    /// The process before training: code, libraries, thread stacks (about 30 MB measured), rounded up.
    static let processBytes = 64 << 20
    /// Freed activations leave holes the heap cannot always reuse for the next, larger ones: the CNN's peak RSS
    /// was up to 1.2× the live bytes.
    static let allocatorSlack = 1.2

    public let fixedBytes: Int
    public let perSampleBytes: Int
    public let boundedPerSampleBytes: Int
    public let boundBytes: Int

    public init(fixedBytes: Int, perSampleBytes: Int, boundedPerSampleBytes: Int = 0, boundBytes: Int = 0) {
        self.fixedBytes = fixedBytes
        self.perSampleBytes = perSampleBytes
        self.boundedPerSampleBytes = boundedPerSampleBytes
        self.boundBytes = boundBytes
    }

    public func bytes(batch: Int) -> Int {
        fixedBytes + perSampleBytes * batch + min(boundBytes, boundedPerSampleBytes * batch)
    }

    /// This estimate plus `bytes` more per sample (e.g. batches waiting in a data pipeline).
    public func addingPerSample(_ bytes: Int) -> TrainingMemory {
        TrainingMemory(fixedBytes: fixedBytes, perSampleBytes: perSampleBytes + bytes,
                       boundedPerSampleBytes: boundedPerSampleBytes, boundBytes: boundBytes)
    }

    /// The largest batch whose estimate fits in `budget` bytes (0 when not even one sample does).
    public func largestBatch(fitting budget: Int) -> Int {
        guard budget > fixedBytes else { return 0 }
        let growing = (budget - fixedBytes) / max(perSampleBytes + boundedPerSampleBytes, 1)
        // Past the bound, only the unbounded part grows.
        let bounded = budget > fixedBytes + boundBytes ? (budget - fixedBytes - boundBytes) / max(perSampleBytes, 1) : 0
        return bytes(batch: bounded) <= budget ? max(growing, bounded) : growing
    }
}

extension Network {
    /// The training memory of this network for samples of `timeSteps` steps, keeping every activation or
    /// recomputing the Conv(-BN)-spiking blocks (`recomputesBlocks`).
    public func trainingMemory(timeSteps: Int, recomputingBlocks: Bool = false) -> TrainingMemory {
        let parameterBytes = parameters.reduce(0) { $0 + 4 * ($1.trainable ? 4 : 1) * $1.value.count }
        var shape = config.inputShape
        var kept = 2 * 4 * shape.reduce(1, *)  // the batch as it arrives and time-major
        var working = 0, fixed = 0, group = 0
        var i = 0
        while i < layers.count {
            let block = recomputingBlocks ? recomputedBlock(startingAt: i) : nil
            let f = block.map { recomputedFootprint($0, input: shape) } ?? layers[i].footprint(input: shape)
            // The channel group being redone: six tensors of the block's output size, up to `recomputeGroupBytes`.
            if let block { group = max(group, 6 * 4 * shapes[block.lowerBound].reduce(1, *)) }
            kept += f.keptPerRow
            working = max(working, f.workingPerRow)
            fixed = max(fixed, f.fixed)
            i = block?.upperBound ?? i + 1
            shape = shapes[i - 1]
        }
        // A rule that propagates a separate error (multi-threshold) sends two gradients through every layer below.
        if config.rule.model.propagatesSeparately { working *= 2 }
        let slack = TrainingMemory.allocatorSlack
        return TrainingMemory(fixedBytes: TrainingMemory.processBytes + parameterBytes + fixed,
                              perSampleBytes: Int(Double(timeSteps * (kept + working)) * slack),
                              boundedPerSampleBytes: Int(Double(timeSteps * group) * slack),
                              boundBytes: Int(Double(6 * recomputeGroupBytes) * slack))
    }
}

extension Network {
    /// A recomputed block keeps what its convolution keeps. Its forward pass works with the conv's input, the
    /// conv output (normalised in place), the spikes and their counts; its backward pass with the error at its
    /// output and at its input (the channel group being redone is counted apart: it stops growing with the batch).
    func recomputedFootprint(_ block: Range<Int>, input: [Int]) -> LayerFootprint {
        let conv = layers[block.lowerBound].footprint(input: input)
        let (n, inputs) = (shapes[block.lowerBound].reduce(1, *), input.reduce(1, *))
        return LayerFootprint(keptPerRow: conv.keptPerRow, workingPerRow: 4 * inputs + 9 * n, fixed: conv.fixed)
    }
}

/// Memory this process may still use: the kernel's MemAvailable, lowered by the tightest cgroup (v2) limit on
/// the way from this process's cgroup to the root, where the cgroup's reclaimable file cache counts as free.
public enum SystemMemory {
    public static func availableBytes() -> Int? {
        var available: Int?
        if let info = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = info.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kb = Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "") {
            available = kb * 1024
        }
        for folder in cgroupFolders() {
            guard let limit = value(folder + "/memory.max"), let used = value(folder + "/memory.current") else { continue }
            let cache = statistic(folder + "/memory.stat", "inactive_file") ?? 0
            available = min(available ?? .max, max(0, limit - used + cache))
        }
        return available
    }

    /// This process's cgroup folder and its ancestors, from /proc/self/cgroup's v2 line (`0::/path`).
    private static func cgroupFolders() -> [String] {
        guard let text = try? String(contentsOfFile: "/proc/self/cgroup", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("0::") }) else {
            return ["/sys/fs/cgroup"]
        }
        var folders: [String] = [], path = String(line.dropFirst(3))
        while true {
            folders.append("/sys/fs/cgroup" + (path == "/" ? "" : path))
            guard path != "/", let slash = path.lastIndex(of: "/") else { break }
            path = slash == path.startIndex ? "/" : String(path[..<slash])
        }
        return folders
    }

    private static func value(_ file: String) -> Int? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines))  // "max" (no limit) is nil
    }

    private static func statistic(_ file: String, _ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + " ") }) else { return nil }
        return Int(line.split(separator: " ").last ?? "")
    }
}
