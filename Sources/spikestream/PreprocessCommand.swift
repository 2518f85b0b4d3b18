import ArgumentParser
import Foundation
import SpikeCache
import SpikeEvents
import SpikePipeline
import SpikePreprocess
import SpikeTransforms

struct PreprocessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preprocess",
        abstract: "Decode and bin a dataset into an HDF5 cache (zstd chunks, crash-safe, resumable).",
        discussion: """
            Decoding, binning and compression run in parallel worker tasks; one writer makes every HDF5 call. \
            The cache is written as OUT.partial and renamed when complete; an interrupted run resumes from the \
            last committed sample when started again with the same parameters. A cache whose parameters differ \
            is never reused silently.
            """)

    @OptionGroup var dataset: DatasetOptions
    @Option(help: "Output cache (default: ROOT.<binning>.h5).") var out: String?
    @OptionGroup var binning: BinningOptions
    @Option(help: "Parallel decode/bin/compress workers (default: all cores).") var workers: Int?
    @Option(help: "zstd level (1–19).") var level: Int32 = Zstd.defaultLevel
    @Option(help: "On a bad sample: fail (stop; the next run resumes) or skip (leave it out, list it, and keep the list in the cache's skipped_samples attribute, which inspect shows).")
    var onError: SampleErrorPolicy = .failFast
    @Flag(help: "Replace an existing cache at --out that was built with other parameters.")
    var overwrite = false
    @Option(name: .customLong("transform"),
            help: ArgumentHelp("A deterministic event transform applied before binning, e.g. denoise:filterTime=10000 (repeatable, in order; part of the cache key). Random augmentations are refused here: they belong after the cache.",
                               discussion: TransformCatalog.helpText))
    var transforms: [String] = []
    @Option(help: ArgumentHelp(
        "Process only shard k of n (0-based, e.g. 3/8): a contiguous block of the sorted sample list, into its own cache.",
        discussion: "Run the n shards anywhere (a Slurm array, a Kubernetes Indexed Job), then join them with `spikestream merge`. See docs/SHARDING.md."))
    var shard: String?
    @Flag(help: "Also store each sample's events (after the --transform steps) in /events, so random augmentations can run per epoch after the cache. Part of the cache key; the cache grows by ~13 bytes per event before compression.")
    var storeEvents = false

    func validate() throws {
        guard workers ?? 1 > 0 else { throw ValidationError("--workers must be at least 1") }
        guard (1...19).contains(level) else { throw ValidationError("--level must be in 1...19") }
        _ = try parsedShard
    }

    /// `--shard`, parsed; a malformed value is a usage error that says how to write it.
    var parsedShard: Shard? {
        get throws {
            guard let shard else { return nil }
            do { return try Shard(parsing: shard) } catch { throw ValidationError("--shard: \(error)") }
        }
    }

    func run() async throws {
        let report = try await Self.preprocess(dataset: dataset, out: outputPath,
                                               binning: binning.binning(default: dataset.dataset.defaultSlicing),
                                               workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
                                               level: level, onError: onError,
                                               overwrite: overwrite, transforms: transforms, shard: parsedShard,
                                               storeEvents: storeEvents)
        print(report)
    }

    var outputPath: String {
        let suffix = (try? parsedShard)?.map { ".shard\($0.index)of\($0.count)" } ?? ""
        return out ?? Self.trimmed(dataset.root) + ".\(binning.shortName(default: dataset.dataset.defaultSlicing))\(suffix).h5"
    }

    static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Runs a preprocess with progress on stderr; returns the summary text.
    static func preprocess(dataset: DatasetOptions, out: String, binning: FrameBinning, workers: Int,
                           level: Int32, onError: SampleErrorPolicy, overwrite: Bool,
                           transforms: [String] = [], shard: Shard? = nil,
                           storeEvents: Bool = false) async throws -> String {
        let contents = try dataset.resolve()
        let pre: PreCacheTransforms
        do { pre = try PreCacheTransforms(specs: transforms) } catch { throw ValidationError(error.description) }
        var frameBinning = binning
        // Audio: every clip is binned over the same fixed time axis, not first…last event (a representation makes
        // its own time steps).
        if let span = contents.span, frameBinning.representation == nil {
            frameBinning.start = frameBinning.start ?? span.start
            frameBinning.end = frameBinning.end ?? span.end
        }
        let request = PreprocessRequest(
            datasetName: dataset.dataset.name, samples: contents.samples, sensor: contents.loader.sensor,
            binning: frameBinning, output: out, workers: workers, compressionLevel: level, errorPolicy: onError,
            createdBy: "spikestream \(SpikeStreamVersion.string)", overwrite: overwrite, loader: contents.loader,
            transforms: pre,
            extraAttributes: contents.attributes, classNames: contents.classNames, shard: shard, storeEvents: storeEvents)
        let selected: Int
        do { selected = try request.selectedSamples().count } catch { throw ValidationError(error.description) }
        // Shards of a job array usually go to their own folder; create it rather than fail on it.
        try OutputFolder.prepare(for: out, command: "preprocess")
        let progress = ProgressReporter(label: shard.map { "preprocess shard \($0)" } ?? "preprocess", total: selected)
        defer { ProgressReporter.endOpenLine() }  // before the report or an error, on a terminal
        let report = try await Preprocessor.run(request, progress: progress)
        guard let status = report.openStatus else {
            return "preprocess: \(report.output) is up to date (same cache_key \(report.cacheKey)); nothing to do"
        }
        var lines = [
            "preprocess: \(report.writtenSamples) samples written"
                + (report.resumedSamples > 0 ? " (resumed after \(report.resumedSamples))" : "")
                + ", \(report.events) events in \(String(format: "%.2f", report.seconds)) s "
                + "(\(Int(Double(report.writtenSamples) / max(report.seconds, 1e-9))) samples/s, "
                + "\(String(format: "%.1f", Double(report.events) / max(report.seconds, 1e-9) / 1e6)) M events/s)",
            "cache:      \(report.output)",
            "cache_key:  \(report.cacheKey)",
            "status:     \(status)",
        ]
        if report.emptySamples > 0 {
            lines.append("warning: \(report.emptySamples) of the \(report.writtenSamples) samples written hold no events"
                         + (dataset.dataset.emptySampleHint.map { " (\($0))" } ?? "")
                         + "; they train as empty inputs")
        }
        if !report.failures.isEmpty {
            lines.append("skipped \(report.failures.count) samples:")
            lines += report.failures.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

extension SampleErrorPolicy: ExpressibleByArgument {}
