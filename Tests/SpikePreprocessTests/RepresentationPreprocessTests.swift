import Foundation
import SpikeCache
import SpikeEvents
import SpikeFormats
import SpikePreprocess
import SpikeTestSupport
import SpikeTransforms
import Testing

/// Voxel-grid and time-surface caches (issue 19 item 16): written like frames, keyed by the representation, read by h5py.
@Suite("Preprocess into representation caches")
struct RepresentationPreprocessTests {
    @Test("voxelGrid and timeSurface caches hold exactly the library's float32 tensors; the key differs from frames",
          arguments: ["voxelGrid:bins=5", "timeSurface:dt=60000,tau=20000"])
    func cacheHoldsRepresentation(spec: String) async throws {
        let (root, samples) = try await PreprocessTests.dataset(trainPerClass: 1, testPerClass: 1)
        let representation = try #require(try FrameRepresentation.parse(spec))
        let binning = FrameBinning(representation: representation)
        let report = try await Preprocessor.run(PreprocessTests.request(samples, out: root + ".h5", binning: binning))
        let frames = try await Preprocessor.run(PreprocessTests.request(samples, out: root + "-frames.h5"))
        #expect(report.cacheKey != frames.cacheKey)
        let reader = try CacheReader(path: report.output)
        #expect(reader.dtype == .float32)
        #expect(reader.geometry == FrameGeometry(channels: representation.channels(for: .nmnist), height: 34, width: 34))
        #expect(reader.attributes["transform"]?.contains(#""representation":"\#(spec)""#) == true)
        for (i, sample) in samples.enumerated() {
            let expected = try representation.frames(NMNISTReader(path: sample.source.path).readAll(), sensor: .nmnist)
            #expect(try reader.frames(at: i) == expected, "sample \(i)")
        }
    }

    @Test("h5py reads a voxel-grid cache's float32 frames: the same values as the library computes",
          .enabled(if: H5py.available, H5py.skipReason))
    func h5pyReadsVoxelGrid() async throws {
        let (root, samples) = try await PreprocessTests.dataset(trainPerClass: 1, testPerClass: 0)
        let grid = VoxelGrid(bins: 4)
        let report = try await Preprocessor.run(PreprocessTests.request(
            samples, out: root + ".h5", binning: FrameBinning(representation: .voxelGrid(grid))))
        let script = """
            import h5py, hdf5plugin, json, sys
            f = h5py.File(sys.argv[1], 'r')
            o = f['frame_offsets'][:]
            x = f['frames'][o[3]:o[4]]
            print(json.dumps({'dtype': x.dtype.name, 'shape': list(x.shape), 'values': x.ravel().tolist()}))
            """
        let result = try H5py.run(["-c", script, report.output])
        try #require(result.status == 0, "\(result.output)")
        struct Read: Decodable { let dtype: String; let shape: [Int]; let values: [Double] }
        let read = try JSONDecoder().decode(Read.self, from: Data(result.output.utf8))
        #expect(read.dtype == "float32" && read.shape == [4, 1, 34, 34])
        let expected = try grid.frames(NMNISTReader(path: samples[3].source.path).readAll(), sensor: .nmnist)
        guard case .float32(let values) = expected.storage else { Issue.record("not float32"); return }
        #expect(read.values == values.map(Double.init))
        #expect(values.contains { $0 < 0 } && values.contains { $0 > 0 })  // signed: both polarities present
    }

    @Test("preprocess --representation: refuses count-frame flags beside it, and a bad spec, in words",
          .enabled(if: SpikeStreamCLI.path != nil, "SKIPPED: no spikestream executable (swift build first)"))
    func cliRefusals() async throws {
        let (root, _) = try await PreprocessTests.dataset(trainPerClass: 1, testPerClass: 1)
        let both = try SpikeStreamCLI.run(["preprocess", "--dataset", "nmnist", "--root", root, "--representation",
                                           "voxelGrid:bins=10", "--time-bins", "8", "--merge-polarities"])
        #expect(both.status != 0)
        #expect(both.output.contains("--representation voxelGrid:bins=10 makes its own time steps and float32 values; "
                                     + "leave out --time-bins, --merge-polarities"), "\(both.output)")
        let bad = try SpikeStreamCLI.run(["preprocess", "--dataset", "nmnist", "--root", root, "--representation", "voxelGrid:bins=x"])
        #expect(bad.status != 0)
        #expect(bad.output.contains("'voxelGrid:bins=x': bins=x is not a whole number of bins"), "\(bad.output)")
        let made = try SpikeStreamCLI.run(["preprocess", "--dataset", "nmnist", "--root", root, "--workers", "1",
                                           "--representation", "voxelGrid:bins=3"])
        #expect(made.status == 0, "\(made.output)")
        #expect(made.output.contains("cache:      \(root).voxelGrid3.h5"), "\(made.output)")
        #expect(try CacheReader(path: root + ".voxelGrid3.h5").frames(at: 0).shape == FrameShape(timeSteps: 3, channels: 1, height: 34, width: 34))
    }
}
