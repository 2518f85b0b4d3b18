import ArgumentParser
import Foundation
import SpikeCache
import SpikeEvents
import SpikePipeline

struct BenchCache: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Random-order cache reads (samples/s, MB/s) and cache writes of the same samples.")

    @Option(help: "A cache written by preprocess.") var cache: String
    @Option(help: "Random reads to time.") var reads = 20_000
    @Option(help: "Parallel reader tasks.") var tasks = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Samples to write in the write benchmark.") var writeCount = 5_000
    @Option(help: "Scratch file for the write benchmark.") var scratch = "/tmp/spikestream-bench-write.h5"
    @Option(help: "Runs to take the median of.") var `repeat` = 3

    func run() async throws {
        let reader = try CacheReader(path: cache)
        let n = reader.count
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        let order = (0..<reads).map { _ in
            state ^= state << 13; state ^= state >> 7; state ^= state << 17
            return Int(state % UInt64(n))
        }
        let sampleBytes = try reader.frames(at: 0).storage.withUnsafeBytes { $0.count }
        var readTimes: [Double] = []
        for _ in 0..<max(1, `repeat`) {
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for k in 0..<tasks {
                    group.addTask {
                        for j in stride(from: k, to: order.count, by: tasks) { _ = try reader.frames(at: order[j]) }
                    }
                }
                try await group.waitForAll()
            }
            readTimes.append((ContinuousClock.now - start).seconds)
        }
        let readSeconds = readTimes.sorted()[readTimes.count / 2]

        let samples = try (0..<min(n, writeCount)).map { try reader.frames(at: $0) }
        var writeTimes: [Double] = []
        for _ in 0..<max(1, `repeat`) {
            try? FileManager.default.removeItem(atPath: scratch)
            let start = ContinuousClock.now
            try await writeAll(samples, count: writeCount, geometry: reader.geometry, dtype: reader.dtype)
            writeTimes.append((ContinuousClock.now - start).seconds)
        }
        let writeSeconds = writeTimes.sorted()[writeTimes.count / 2]
        try? FileManager.default.removeItem(atPath: scratch)
        report([
            "random_read_samples_per_s": Double(reads) / readSeconds,
            "random_read_MB_per_s": Double(reads * sampleBytes) / readSeconds / 1e6,
            "write_samples_per_s": Double(writeCount) / writeSeconds,
            "write_MB_per_s": Double(writeCount * sampleBytes) / writeSeconds / 1e6,
            "tasks": Double(tasks),
        ], name: "cache")
    }

    /// Writes `count` samples (cycling through `samples`) the way preprocess does: parallel encode, one writer.
    private func writeAll(_ samples: [FrameTensor], count: Int, geometry: FrameGeometry, dtype: FrameDType) async throws {
        let writer = try await CacheWriter.open(CacheWriterConfiguration(
            path: scratch, cacheKey: "bench", dataset: "bench", transformJSON: "{}", createdBy: "spikestream bench",
            dtype: dtype, geometry: geometry, framesPerChunk: samples[0].shape.timeSteps))
        let tasks = self.tasks
        try await withThrowingTaskGroup(of: [EncodedSample].self) { group in
            let batch = 64
            for start in stride(from: 0, to: count, by: batch * tasks) {
                for k in 0..<tasks {
                    let lo = start + k * batch, hi = min(count, lo + batch)
                    guard lo < hi else { continue }
                    group.addTask {
                        try (lo..<hi).map { i in
                            try writer.encode(id: "s\(i)", label: i % 10, split: .train, frames: samples[i % samples.count])
                        }
                    }
                }
                for try await encoded in group { for sample in encoded { try await writer.append(sample) } }
            }
        }
        try await writer.finish()
    }
}
