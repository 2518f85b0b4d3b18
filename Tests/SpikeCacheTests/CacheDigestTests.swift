import CHDF5
import Foundation
@testable import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("contentDigest covers every dataset and attribute that carries data")
struct CacheDigestTests {
    /// Writes the 9-sample events cache of `CacheEventsTests` (T 0, 3, 1, 4, 2, …; event counts 0, 7, 3, 10, …).
    static func eventsCache(in dir: String) async throws -> String {
        let path = dir + "/original.h5"
        let writer = try await CacheWriter.open(CacheEventsTests.configuration(path))
        try await CacheEventsTests.write(CacheFixtures.items(.uint8, count: 9, fixedT: nil), range: 0..<9, to: writer)
        return try await writer.finish()
    }

    /// A copy of `original` changed by `edit` on the file opened for writing.
    static func edited(_ original: String, name: String, _ edit: (hid_t, String) throws(CacheError) -> Void) throws -> String {
        let path = (original as NSString).deletingLastPathComponent + "/\(name.replacingOccurrences(of: "/", with: "_")).h5"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: original, toPath: path)
        try HDF5Library.locked { () throws(CacheError) in
            let file = try HDF5Handle(H5Fopen(path, ss_H5F_ACC_RDWR(), ss_H5P_DEFAULT()), closer: H5Fclose, path: path,
                                      operation: "open for writing")
            try edit(file.id, path)
        }
        return path
    }

    /// Flips the lowest bit of byte `byte` of dataset `name`, read and written whole in its file type.
    static func flip(_ name: String, byte: Int, in file: hid_t, path: String) throws(CacheError) {
        let dataset = try HDF5Dataset(openIn: file, name: name, path: path)
        let type = try dataset.fileType()
        let space = try HDF5Handle(H5Dget_space(dataset.id), closer: H5Sclose, path: path, operation: "get the space")
        var bytes = [UInt8](repeating: 0, count: Int(H5Sget_simple_extent_npoints(space.id)) * H5Tget_size(type.id))
        try h5check(H5Dread(dataset.id, type.id, ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), &bytes), path: path, "read")
        bytes[byte] ^= 1
        try h5check(H5Dwrite(dataset.id, type.id, ss_H5S_ALL(), ss_H5S_ALL(), ss_H5P_DEFAULT(), bytes), path: path, "write")
    }

    /// Each flip keeps the cache readable: offsets[2] 3 → 2 (frames) and 7 → 6 (events); the rest change one value.
    static let flips: [(dataset: String, byte: Int)] = [
        (CacheLayout.frames, 0), (CacheLayout.frameOffsets, 2 * 8), (CacheLayout.labels, 0), (CacheLayout.splits, 0),
        (CacheLayout.Events.t, 7 * 8), (CacheLayout.Events.x, 0), (CacheLayout.Events.y, 2), (CacheLayout.Events.p, 3),
        (CacheLayout.Events.offsets, 2 * 8),
    ]

    @Test("one flipped bit in each dataset, one changed sample id or attribute: every digest differs")
    func everyDatasetAndAttribute() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-digest")
        let original = try await Self.eventsCache(in: dir)
        let reference = try CacheReader(path: original).contentDigest()
        var edits: [(name: String, path: String)] = []
        for (dataset, byte) in Self.flips {
            edits.append((dataset, try Self.edited(original, name: dataset) { (file, path) throws(CacheError) in
                try Self.flip(dataset, byte: byte, in: file, path: path)
            }))
        }
        edits.append(("sample_ids", try Self.edited(original, name: "ids") { (file, path) throws(CacheError) in
            try HDF5Dataset(openIn: file, name: CacheLayout.sampleIDs, path: path).writeStrings(rows: 4, ["class1/sample_X.bin"])
        }))
        for name in ["dataset", "transform", "cache_key", "orientation"] {
            edits.append((name, try Self.edited(original, name: name) { (file, path) throws(CacheError) in
                let old = try HDF5Attributes(object: file, path: path).readText(name)
                try HDF5Attributes(object: file, path: path).write(name, string: old + "!")
            }))
        }
        edits.append(("sensor_width", try Self.edited(original, name: "sensor") { (file, path) throws(CacheError) in
            let group = try HDF5Handle(H5Gopen2(file, CacheLayout.Events.group, ss_H5P_DEFAULT()), closer: H5Gclose,
                                       path: path, operation: "open /events")
            try HDF5Attributes(object: group.id, path: path).write(CacheLayout.Events.sensorWidth, int64: 6)
        }))
        #expect(edits.count == 15)
        var digests: Set<String> = [reference]
        for (name, path) in edits {
            let digest = try CacheReader(path: path).contentDigest()
            #expect(digest != reference, "changing \(name) left the digest unchanged")
            digests.insert(digest)
        }
        #expect(digests.count == 16)
    }

    @Test("created_by is provenance: a cache rewritten by another version has the same digest")
    func provenanceIgnored() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-digest-provenance")
        let original = try await Self.eventsCache(in: dir)
        let rewritten = try Self.edited(original, name: "created_by") { (file, path) throws(CacheError) in
            try HDF5Attributes(object: file, path: path).write(CacheLayout.Attribute.createdBy, string: "spikestream 9.9")
        }
        #expect(try CacheReader(path: rewritten).attributes["created_by"] == "spikestream 9.9")
        #expect(try CacheReader(path: rewritten).contentDigest() == CacheReader(path: original).contentDigest())
    }
}
