import ArgumentParser
import Foundation
import SpikeCache
import SpikePipeline

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard caches of `preprocess --shard k/n` into one cache (same layout and cache_key as an unsharded run).",
        discussion: """
            Checks that the shards belong to one run (same full_cache_key), that every shard k of n is given \
            exactly once and complete, then writes OUT.partial and renames it to OUT when complete. By default \
            /frames is an HDF5 virtual dataset that reads the shard files, stored by paths relative to OUT: \
            the shard files must stay beside the merged cache (move the folder as a whole; h5py reads zeros for \
            a missing shard, spikestream refuses to open it). --copy writes one self-contained file instead, \
            copying the compressed chunks as they are. See docs/SHARDING.md.
            """)

    @Argument(help: "The merged cache to write.") var out: String
    @Argument(help: "The shard caches, in any order.") var shards: [String]
    @Flag(help: "Copy the shards' chunks into one self-contained file instead of referencing the shard files.")
    var copy = false
    @Flag(help: "Replace an existing file at OUT.") var overwrite = false

    func validate() throws {
        guard !shards.isEmpty else { throw ValidationError("give the shard caches after OUT, e.g. merge all.h5 shard-*.h5") }
    }

    func run() throws {
        let start = ContinuousClock.now
        let mode: CacheMergeMode = copy ? .copy : .virtual
        FileHandle.standardError.write(Data("merge: \(shards.count) shards → \(out) (\(mode))\n".utf8))
        var progress: ProgressReporter?
        let report = try CacheMerger.merge(shards: shards, into: out, mode: mode,
                                           createdBy: "spikestream \(SpikeStreamVersion.string)", overwrite: overwrite) {
            done, total in
            progress = progress ?? ProgressReporter(label: "merge", total: total)
            progress?.advance(done: done - progress!.snapshot.done)
        }
        progress?.finish()
        print("""
            merge: \(report.shards) shards, \(report.samples) samples, \(report.frameRows) frames in \
            \(String(format: "%.2f", (ContinuousClock.now - start).seconds)) s (\(report.mode))
            cache:      \(report.output)
            cache_key:  \(report.cacheKey)
            """ + (report.mode == .virtual ? "\nnote:       /frames reads the shard files; keep them beside the merged cache" : ""))
    }
}
