import Foundation
import SpikeCache
import SpikeDatasets
import SpikeEvents
import SpikeFormats
import SpikePreprocess
import SpikeTestSupport
import SpikeTransforms
import Testing

/// `spikestream preprocess --dataset ncaltech101|ncars` end to end on small layouts written by our own writers,
/// then `inspect` on the cache: labels in the datasets' order, official or stratified splits, class names stored
/// in the cache (and read by h5py), frames equal to binning the written events.
@Suite("New dataset layouts through the CLI",
       .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: the spikestream executable is not built next to the tests"))
struct NewDatasetLayoutsCLITests {
    static let binning = FrameBinning(.nTimeBins(2))

    /// `n` events, distinct per `seed`, inside `sensor`, at 1 ms steps.
    static func events(_ n: Int, seed: Int, sensor: SensorSize) -> EventChunk {
        EventChunk(t: (0..<n).map { Int64($0) * 1000 }, x: (0..<n).map { UInt16(($0 * 7 + seed) % sensor.width) },
                   y: (0..<n).map { UInt16(($0 * 3 + seed) % sensor.height) }, p: (0..<n).map { UInt8(($0 + seed) % 2) })
    }

    static func preprocess(_ arguments: [String]) throws {
        let (status, output) = try SpikeStreamCLI.run(["preprocess", "--time-bins", "2", "--workers", "1"] + arguments)
        try #require(status == 0, "\(output)")
    }

    @Test("N-Caltech101: class folders in byte order, 1 of every 2 files per class in train, names in the cache")
    func nCaltech101() throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-ncaltech") + "/N-Caltech101"
        let sensor = NCaltech101Catalog.sensorSize
        // Upper case sorts first byte-wise (Python's sort): BACKGROUND_Google = 0, Faces_easy = 1, accordion = 2.
        let classes = ["accordion", "Faces_easy", "BACKGROUND_Google"]
        var written: [String: EventChunk] = [:]
        for (k, name) in classes.enumerated() {
            let folder = "\(root)/Caltech101/\(name)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for n in [10, 2] {  // image_0010 after image_0002: numeric order
                let id = "\(name)/image_\(String(format: "%04d", n)).bin"
                let events = Self.events(50 + n, seed: 11 * k + n, sensor: sensor)
                let writer = try NMNISTWriter(path: "\(root)/Caltech101/\(id)")
                try writer.write(events)
                try writer.close()
                written[id] = events
            }
        }
        let out = root + ".h5"
        try Self.preprocess(["--dataset", "ncaltech101", "--root", root, "--train-ratio", "0.5", "--out", out])
        let cache = try CacheReader(path: out)
        #expect(cache.classNames == ["BACKGROUND_Google", "Faces_easy", "accordion"])
        #expect(cache.labels == [0, 0, 1, 1, 2, 2])
        #expect(cache.sampleIDs == ["BACKGROUND_Google/image_0002.bin", "BACKGROUND_Google/image_0010.bin",
                                    "Faces_easy/image_0002.bin", "Faces_easy/image_0010.bin",
                                    "accordion/image_0002.bin", "accordion/image_0010.bin"])
        for label in 0..<3 {  // round(0.5 × 2) = 1 train per class
            let splits = (0..<cache.count).filter { cache.labels[$0] == label }.map { cache.splits[$0] }
            #expect(splits.filter { $0 == .train }.count == 1 && splits.filter { $0 == .test }.count == 1)
        }
        #expect(cache.geometry == FrameGeometry(channels: 2, height: 180, width: 240))
        for i in 0..<cache.count {
            #expect(try cache.frames(at: i) == Self.binning.frames(written[cache.sampleIDs[i]]!, sensor: sensor))
        }
        let (status, text) = try SpikeStreamCLI.run(["inspect", out])
        #expect(status == 0)
        #expect(text.contains("classes:   3 (label: name, samples)\n  0: BACKGROUND_Google, 2\n  1: Faces_easy, 2\n  2: accordion, 2"),
                "\(text)")
    }

    @Test("N-CARS: official train/test folders, background = 0 and car = 1, DAT files decoded")
    func nCARS() throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-ncars") + "/N-CARS"
        let sensor = NCARSCatalog.sensorSize
        var written: [String: EventChunk] = [:]
        for split in ["train", "test"] {
            for (k, folder) in ["background", "cars"].enumerated() {
                try FileManager.default.createDirectory(atPath: "\(root)/\(split)/\(folder)", withIntermediateDirectories: true)
                for n in [10, 9] {
                    let id = "\(split)/\(folder)/obj_\(String(format: "%06d", n))_td.dat"
                    let events = Self.events(40 + n, seed: 5 * k + n + (split == "test" ? 100 : 0), sensor: sensor)
                    let writer = try PropheseeWriter(path: "\(root)/\(id)", encoding: .dat, sensorSize: sensor)
                    try writer.write(events)
                    try writer.close()
                    written[id] = events
                }
            }
        }
        let out = root + ".h5"
        try Self.preprocess(["--dataset", "ncars", "--root", root, "--out", out])
        let cache = try CacheReader(path: out)
        #expect(cache.classNames == ["background", "car"])
        #expect(cache.labels == [0, 0, 1, 1, 0, 0, 1, 1])
        #expect(cache.splits == [.train, .train, .train, .train, .test, .test, .test, .test])
        #expect(cache.sampleIDs.prefix(2) == ["train/background/obj_000009_td.dat", "train/background/obj_000010_td.dat"])
        #expect(cache.attributes["split_rule"] == "official train/test folders")
        #expect(cache.geometry == FrameGeometry(channels: 2, height: 240, width: 304))
        for i in 0..<cache.count {
            #expect(try cache.frames(at: i) == Self.binning.frames(written[cache.sampleIDs[i]]!, sensor: sensor))
        }
        let (status, text) = try SpikeStreamCLI.run(["inspect", out])
        #expect(status == 0 && text.contains("  0: background, 4\n  1: car, 4"), "\(text)")

        if H5py.available {  // the attribute is plain text any HDF5 tool reads
            let read = try PythonRunner.run(["-c", "import h5py, json, sys; "
                + "print(json.loads(h5py.File(sys.argv[1], 'r').attrs['class_names']))", out])
            #expect(read.status == 0 && read.output.contains("['background', 'car']"), "\(read.output)")
        }
    }

    @Test("a cache without class names (made before they were stored) still inspects, with label numbers")
    func cacheWithoutNames() async throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-unnamed")
        let path = root + "/a.bin"
        let writer = try NMNISTWriter(path: path)
        try writer.write(Self.events(20, seed: 1, sensor: .nmnist))
        try writer.close()
        let out = root + "/old.h5"
        _ = try await Preprocessor.run(PreprocessRequest(
            datasetName: "nmnist", samples: [Sample(id: "a.bin", label: 3, split: .train, source: .file(path: path))],
            sensor: .nmnist, binning: Self.binning, output: out, workers: 1, createdBy: "tests"))
        let cache = try CacheReader(path: out)
        #expect(cache.classNames == nil && cache.attributes[CacheLayout.Attribute.classNames] == nil)
        #expect(ClassName.of(3, in: cache.classNames) == "3" && ClassName.of(1, in: ["a", "b"]) == "b")
        let (status, text) = try SpikeStreamCLI.run(["inspect", out])
        #expect(status == 0 && text.contains("labels:    3:1\nclasses:   no class names stored"), "\(text)")
    }
}
