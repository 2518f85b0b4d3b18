import Foundation
import SpikeCache
import SpikeEvents
import SpikeModel
import SpikeTransforms
import Testing

/// Errors a user can cause say what happened in their terms, without the libraries' internals.
struct UserFacingErrorTests {
    @Test("a cache given as the model is named as a cache, not reported through libhdf5's conversion stack")
    func cacheAsModel() async throws {
        let (config, _) = try await TrainerTests.pipeline()
        do {
            _ = try ModelCheckpoint.read(path: config.cachePath)
            Issue.record("a cache is not a model")
        } catch {
            guard case .isCache(config.cachePath) = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("not a model") && !error.description.contains("H5"))
        }
    }

    @Test("an HDF5 failure names the file and the operation; libhdf5's stack only with SPIKESTREAM_DEBUG")
    func hdf5Failure() {
        let error = CacheError.hdf5(path: "x.h5", operation: "read '/frames'",
                                    detail: "H5T__path_find_real: no appropriate function for conversion path")
        #expect(error.description.hasPrefix("cannot read '/frames' in 'x.h5'"))
        #expect(error.description.contains("H5T__") == (ProcessInfo.processInfo.environment["SPIKESTREAM_DEBUG"] != nil))
    }

    @Test("a binning is written as the pipeline YAML writes it")
    func slicingText() {
        #expect("\(FrameBinning.Slicing.nTimeBins(16))" == "time_bins: 16")
        #expect("\(FrameBinning.Slicing.timeWindow(38_000))" == "time_window: 38000 µs")
        #expect("\(FrameBinning.Slicing.eventCount(500))" == "event_count: 500")
        #expect("\(FrameBinning.Slicing.nEventBins(8))" == "event_bins: 8")
    }

    @Test("a file-system failure reads as the system's reason, not Foundation's error dump")
    func fileSystemReason() {
        do {
            try FileManager.default.createDirectory(atPath: "/nonexistent-spikestream/a/b", withIntermediateDirectories: false)
            Issue.record("the folder cannot be made")
        } catch {
            #expect(readableReason(error) == "No such file or directory", "\(readableReason(error))")
            #expect(!readableReason(error).contains("NSCocoaErrorDomain"))
        }
        #expect(readableReason(CacheError.fileMissing(path: "x.h5")) == CacheError.fileMissing(path: "x.h5").description)
    }
}
