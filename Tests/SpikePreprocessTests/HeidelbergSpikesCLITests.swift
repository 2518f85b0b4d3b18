import Foundation
import SpikeCache
import SpikeDatasets
import SpikeEvents
import SpikeTestSupport
import SpikeTransforms
import Testing

/// SHD and SSC end to end: files written by our libhdf5 writer and by h5py (ragged `spikes/times` and
/// `spikes/units`, `labels`, `extra/keys` as tonic reads them), `preprocess --dataset shd|ssc`, then `inspect`.
@Suite("SHD / SSC layouts through the CLI",
       .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: the spikestream executable is not built next to the tests"))
struct HeidelbergSpikesCLITests {
    typealias Row = (seconds: [Float], units: [UInt16], label: Int)
    static let binning = FrameBinning(.nTimeBins(2))

    /// Row k: k + 3 spikes at 0.5 ms steps (exact in float32) on units 7k, 7k + 1, …, unsorted in the file.
    static func rows(_ count: Int, classes: Int, offset: Int) -> [Row] {
        (0..<count).map { k in
            let n = k + 3
            let seconds = (0..<n).reversed().map { Float($0) * 0.0005 + Float(offset) * 0.25 }
            return (seconds, (0..<n).reversed().map { UInt16((7 * k + $0 + offset) % 700) }, (k + offset) % classes)
        }
    }

    /// The events tonic gives for a row: t = ⌊s × 10⁶⌋ µs in time order, x = unit.
    static func events(_ row: Row) -> EventChunk {
        let order = row.seconds.indices.sorted { row.seconds[$0] < row.seconds[$1] }
        return EventChunk(t: order.map { Int64(Double(row.seconds[$0]) * 1_000_000) }, x: order.map { row.units[$0] },
                          y: [UInt16](repeating: 0, count: order.count), p: [UInt8](repeating: 0, count: order.count))
    }

    @Test("SHD: train file by our writer, test file by h5py (fixed-length byte keys); names from extra/keys")
    func shd() throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-shd") + "/shd"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let keys = ["english-zero", "english-one", "german-null"]
        let train = Self.rows(4, classes: 3, offset: 0), test = Self.rows(2, classes: 3, offset: 1)
        try HeidelbergSpikesFile.write(path: root + "/shd_train.h5", samples: train, classNames: keys)
        if H5py.available {
            let script = """
                import h5py, json, sys, numpy as np
                rows = json.loads(sys.argv[2])
                with h5py.File(sys.argv[1], "w") as f:
                    t = f.create_dataset("spikes/times", (len(rows),), dtype=h5py.vlen_dtype(np.float32))
                    u = f.create_dataset("spikes/units", (len(rows),), dtype=h5py.vlen_dtype(np.uint16))
                    for i, r in enumerate(rows):
                        t[i] = np.array(r[0], dtype=np.float32)
                        u[i] = np.array(r[1], dtype=np.uint16)
                    f["labels"] = np.array([r[2] for r in rows], dtype=np.uint16)
                    f["extra/keys"] = np.array([k.encode() for k in json.loads(sys.argv[3])])
                """
            let rows = try JSONSerialization.data(withJSONObject: test.map { [$0.seconds.map(Double.init), $0.units.map(Int.init), $0.label] })
            let result = try PythonRunner.run(["-c", script, root + "/shd_test.h5", String(decoding: rows, as: UTF8.self),
                                               String(decoding: try JSONEncoder().encode(keys), as: UTF8.self)])
            try #require(result.status == 0, "\(result.output)")
        } else {
            try HeidelbergSpikesFile.write(path: root + "/shd_test.h5", samples: test, classNames: keys)
        }
        let out = root + ".h5"
        let (status, output) = try SpikeStreamCLI.run(["preprocess", "--dataset", "shd", "--root", root, "--time-bins", "2",
                                                       "--workers", "1", "--out", out])
        try #require(status == 0, "\(output)")
        let cache = try CacheReader(path: out)
        #expect(cache.classNames == keys)
        #expect(cache.labels == [0, 1, 2, 0, 1, 2])
        #expect(cache.splits == [.train, .train, .train, .train, .test, .test])
        #expect(cache.sampleIDs == ["shd_train.h5#0", "shd_train.h5#1", "shd_train.h5#2", "shd_train.h5#3",
                                    "shd_test.h5#0", "shd_test.h5#1"])
        #expect(cache.geometry == FrameGeometry(channels: 1, height: 1, width: 700))
        for (i, row) in (train + test).enumerated() {
            #expect(try cache.frames(at: i) == Self.binning.frames(Self.events(row), sensor: HeidelbergSpikesFile.sensorSize))
        }
        let (_, text) = try SpikeStreamCLI.run(["inspect", out])
        #expect(text.contains("  2: german-null, 2"), "\(text)")
    }

    @Test("SSC: train, validation and test files; a file whose keys differ is refused")
    func ssc() throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-ssc") + "/ssc"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let keys = ["backward", "bed"]
        for (k, file) in ["ssc_train.h5", "ssc_valid.h5", "ssc_test.h5"].enumerated() {
            try HeidelbergSpikesFile.write(path: root + "/" + file, samples: Self.rows(2, classes: 2, offset: k), classNames: keys)
        }
        let out = root + ".h5"
        let (status, output) = try SpikeStreamCLI.run(["preprocess", "--dataset", "ssc", "--root", root, "--workers", "1",
                                                       "--out", out])
        try #require(status == 0, "\(output)")
        let cache = try CacheReader(path: out)
        #expect(cache.splits == [.train, .train, .test, .test, .validation, .validation])
        #expect(cache.labels == [0, 1, 0, 1, 1, 0] && cache.classNames == keys)

        try HeidelbergSpikesFile.write(path: root + "/ssc_test.h5", samples: Self.rows(1, classes: 1, offset: 0),
                                       classNames: ["yes"])
        let (refused, message) = try SpikeStreamCLI.run(["preprocess", "--dataset", "ssc", "--root", root, "--out", out + "2"])
        #expect(refused != 0 && message.contains("ssc_test.h5': its extra/keys (1 classes) differ from those of ssc_train.h5"),
                "\(message)")
    }

    @Test("a unit outside 0 … 699 and a file without spikes/times are named, in the dataset's terms")
    func badFiles() throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-shd-bad") + "/shd"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try HeidelbergSpikesFile.write(path: root + "/shd_train.h5", samples: [([0.001, 0.002], [3, 700], 0)], classNames: ["a"])
        try HeidelbergSpikesFile.write(path: root + "/shd_test.h5", samples: [([0.001], [3], 0)], classNames: ["a"])
        let (status, output) = try SpikeStreamCLI.run(["preprocess", "--dataset", "shd", "--root", root, "--out", root + ".h5"])
        #expect(status != 0 && output.contains("shd_train.h5' is not a usable dataset file: sample 0 spike 1 is on unit 700; "
                                               + "units are 0 … 699"), "\(output)")
        #expect(!output.contains("cache '"), "a dataset file is not a cache: \(output)")

        try HDF5Tree(datasets: ["labels": .integers(shape: [1], values: [0])]).write(to: root + "/shd_test.h5")
        let (missing, message) = try SpikeStreamCLI.run(["preprocess", "--dataset", "shd", "--root", root, "--out", root + ".h5"])
        #expect(missing != 0 && message.contains("shd_test.h5': it has no 'spikes/times'"), "\(message)")
    }
}
