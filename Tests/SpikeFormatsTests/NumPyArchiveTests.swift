import Foundation
@testable import SpikeFormats
import SpikeTestSupport
import Testing

/// `.npz` archives: ours round-trip, NumPy reads ours and we read NumPy's (numpy.savez writes Zip64 local headers),
/// and damaged or unsupported files are one-line errors naming the member and offset.
@Suite("NumPy .npz archives")
struct NumPyArchiveTests {
    static let numpy = PythonRunner.canImport("numpy")
    static let skip: Comment = "SKIPPED: no Python with numpy (set SPIKESTREAM_PYTHON): .npz interop with NumPy did not run"

    static let arrays: [String: NumPyArray] = [
        "W0": .float64([0.5, -1.25, 3e-7, .pi, -0.0, 1e300], shape: [2, 3]),
        "T": .int64(16),
        "sizes": NumPyArray(dtype: .int64, shape: [3], values: [6, 5, -3]),
        "empty": .float64([], shape: [0, 4]),
    ]

    @Test("our archive reads back exactly")
    func roundTrip() throws {
        let path = try RepoPaths.temporaryDirectory("npz-round") + "/a.npz"
        try NumPyArchive.write(Self.arrays, to: path)
        #expect(try NumPyArchive.read(path: path) == Self.arrays)
    }

    @Test("NumPy reads ours, and we read what numpy.savez wrote", .enabled(if: numpy, skip))
    func numpyInterop() throws {
        let dir = try RepoPaths.temporaryDirectory("npz-numpy")
        try NumPyArchive.write(Self.arrays, to: dir + "/ours.npz")
        let script = """
            import sys, numpy as np
            d = np.load(sys.argv[1] + '/ours.npz')
            assert d['W0'].dtype == np.float64 and d['W0'].shape == (2, 3) and d['W0'][1, 2] == 1e300, d['W0']
            assert d['T'].dtype == np.int64 and d['T'].shape == () and int(d['T']) == 16
            assert d['sizes'].tolist() == [6, 5, -3] and d['empty'].shape == (0, 4)
            np.savez(sys.argv[1] + '/theirs.npz', f=np.arange(6, dtype=np.float32).reshape(3, 2) / 4,
                     i=np.array([[1, -2]], dtype=np.int32), s=np.float64(0.1), b=np.array([True, False]))
            print('OK')
            """
        let run = try PythonRunner.run(["-c", script, dir])
        #expect(run.status == 0 && run.output.contains("OK"), "\(run.output)")
        let theirs = try NumPyArchive.read(path: dir + "/theirs.npz")
        #expect(theirs["f"] == NumPyArray(dtype: .float32, shape: [3, 2], values: [0, 0.25, 0.5, 0.75, 1, 1.25]))
        #expect(theirs["i"] == NumPyArray(dtype: .int32, shape: [1, 2], values: [1, -2]))
        #expect(theirs["s"] == .float64([0.1], shape: []))
        #expect(theirs["b"] == NumPyArray(dtype: .bool, shape: [2], values: [1, 0]))
    }

    @Test("damaged and unsupported archives are errors naming what and where")
    func badArchives() throws {
        let dir = try RepoPaths.temporaryDirectory("npz-bad")
        try NumPyArchive.write(["x": .float64([1, 2, 3], shape: [3])], to: dir + "/good.npz")
        let good = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/good.npz")))
        func read(_ bytes: [UInt8]) -> NumPyArchiveError? {
            do { _ = try NumPyArchive.read(bytes: bytes, path: "c.npz"); return nil } catch { return error }
        }
        #expect(read(Array("hello".utf8)) == .notArchive(path: "c.npz", offset: 0, reason: "no zip end-of-directory record"))
        // A flipped data byte fails the member's CRC-32.
        var flipped = good
        let data = good.firstRange(of: Array("NUMPY".utf8))!.lowerBound + 100
        flipped[data] ^= 1
        guard case .notArchive(_, _, let reason) = read(flipped) else { Issue.record("no error for a flipped byte"); return }
        #expect(reason.contains("CRC-32"))
        // Method 8 (deflate) in the directory entry: numpy.savez_compressed.
        var compressed = good
        let entry = good.firstRange(of: [0x50, 0x4B, 0x01, 0x02])!.lowerBound
        compressed[entry + 10] = 8
        #expect(read(compressed) == .compressed(path: "c.npz", member: "x.npy"))
        // Every truncation is an error, never a crash.
        for length in 0..<good.count { #expect(read(Array(good.prefix(length))) != nil) }
    }

    @Test("a big-endian, Fortran-order or oversized array is refused with its name")
    func badArrays() throws {
        func archive(header: String, data: [UInt8]) -> [UInt8] {
            let text = header + String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
            let npy = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(text.utf8.count), 0] + Array(text.utf8) + data
            return StoredZip.archive([(name: "x.npy", bytes: npy)])
        }
        func reason(_ bytes: [UInt8]) -> String {
            do { _ = try NumPyArchive.read(bytes: bytes, path: "c.npz"); return "" } catch { return "\(error)" }
        }
        #expect(reason(archive(header: "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8)))
            .contains("element type '>f8'"))
        #expect(reason(archive(header: "{'descr': '<f8', 'fortran_order': True, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 8)))
            .contains("Fortran order"))
        #expect(reason(archive(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999, 999999999), }", data: []))
            .contains("array 'x'"))
    }
}
