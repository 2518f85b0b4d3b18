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
    @Option(help: "Parallel decode/bin/compress workers (default: all cores).")
    var workers = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "zstd level (1–19).") var level: Int32 = Zstd.defaultLevel
    @Option(help: "On a bad sample: fail (stop; the next run resumes) or skip (leave it out and list it).")
    var onError: SampleErrorPolicy = .failFast
    @Flag(help: "Replace an existing cache at --out that was built with other parameters.")
    var overwrite = false
    @Option(name: .customLong("transform"),
            help: ArgumentHelp("A deterministic event transform applied before binning, e.g. denoise:filterTime=10000 (repeatable, in order; part of the cache key). Random augmentations are refused here: they belong after the cache.",
                               discussion: TransformCatalog.helpText))
    var transforms: [String] = []

    func validate() throws {
        guard workers > 0 else { throw ValidationError("--workers must be at least 1") }
        guard (1...19).contains(level) else { throw ValidationError("--level must be in 1...19") }
    }

    func run() async throws {
        let report = try await Self.preprocess(dataset: dataset, out: outputPath, binning: binning.binning,
                                               workers: workers, level: level, onError: onError,
                                               overwrite: overwrite, transforms: transforms)
        print(report)
    }

    var outputPath: String { out ?? Self.trimmed(dataset.root) + ".\(binning.shortName).h5" }

    static func trimmed(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    /// Runs a preprocess with progress on stderr; returns the summary text.
    static func preprocess(dataset: DatasetOptions, out: String, binning: FrameBinning, workers: Int,
                           level: Int32, onError: SampleErrorPolicy, overwrite: Bool,
                           transforms: [String] = []) async throws -> String {
        let (samples, sensor, loader, attributes, span) = try dataset.resolve()
        let pre: PreCacheTransforms
        do { pre = try PreCacheTransforms(specs: transforms) } catch { throw ValidationError(error.description) }
        var frameBinning = binning
        if let span {  // audio: every clip is binned over the same fixed time axis, not first…last event
            frameBinning.start = frameBinning.start ?? span.start
            frameBinning.end = frameBinning.end ?? span.end
        }
        let request = PreprocessRequest(
            datasetName: dataset.dataset.rawValue, samples: samples, sensor: sensor,
            binning: frameBinning, output: out, workers: workers, compressionLevel: level, errorPolicy: onError,
            createdBy: "spikestream \(SpikeStreamVersion.string)", overwrite: overwrite, loader: loader,
            transforms: pre,
            extraAttributes: attributes)
        let progress = ProgressReporter(label: "preprocess", total: request.samples.count)
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
        if !report.failures.isEmpty {
            lines.append("skipped \(report.failures.count) samples:")
            lines += report.failures.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

extension PreprocessCommand {
    static let sortedJSON: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}

extension SampleErrorPolicy: ExpressibleByArgument {}
