import Foundation
@testable import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("Cache resume and crash safety")
struct CacheResumeTests {
    static func contents(_ path: String) throws -> (ids: [String], labels: [Int32], splits: [Split], offsets: [Int64],
                                                    frames: [FrameTensor], attributes: [String: String]) {
        let r = try CacheReader(path: path)
        return (r.sampleIDs, r.labels, r.splits, r.frameOffsets, try (0..<r.count).map { try r.frames(at: $0) }, r.attributes)
    }

    @Test("interrupted (with a torn sample) then resumed equals an uninterrupted write", arguments: [3, nil] as [Int?])
    func resumeIdentical(fixedT: Int?) async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-resume")
        let items = CacheFixtures.items(.uint16, count: 13, fixedT: fixedT)
        let reference = try await CacheFixtures.write(items, CacheFixtures.configuration(path: dir + "/ref.h5", dtype: .uint16, fixedT: fixedT))

        let config = CacheFixtures.configuration(path: dir + "/res.h5", dtype: .uint16, fixedT: fixedT, commitEvery: 4)
        do {
            let writer = try await CacheWriter.open(config)
            #expect(await writer.openStatus == .created)
            for item in items[0..<10] {
                try await writer.append(writer.encode(id: item.id, label: item.label, split: item.split, frames: item.frames))
            }
            #expect(await writer.committedCount == 8)  // commits after 4 and 8 samples
            // Frames of sample 10 written without their metadata, as a crash between commits leaves them.
            let torn = items[10]
            try await writer.writeTornFrames(writer.encode(id: torn.id, label: torn.label, split: torn.split, frames: torn.frames))
        }  // dropped without finish()
        #expect(!FileManager.default.fileExists(atPath: config.path))

        let writer = try await CacheWriter.open(config)
        #expect(await writer.openStatus == .resumed(committedCount: 8))
        let resumeAt = await writer.committedCount
        for item in items[resumeAt...] {
            try await writer.append(writer.encode(id: item.id, label: item.label, split: item.split, frames: item.frames))
        }
        try await writer.finish()

        let a = try Self.contents(reference), b = try Self.contents(config.path)
        #expect(a.ids == b.ids && a.labels == b.labels && a.splits == b.splits && a.offsets == b.offsets)
        #expect(a.frames == b.frames)
        #expect(a.attributes == b.attributes)
        #expect(b.frames.map(\.shape.timeSteps).reduce(0, +) == Int(b.offsets.last!))
    }

    @Test("a previous complete cache survives an interrupted rewrite with other settings")
    func previousCacheSurvives() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-survive")
        let old = CacheFixtures.configuration(path: dir + "/d.h5", dtype: .uint8, fixedT: 2, key: "c3")
        let oldItems = CacheFixtures.items(.uint8, count: 5, fixedT: 2)
        try await CacheFixtures.write(oldItems, old)
        let before = try Self.contents(old.path)

        let new = CacheFixtures.configuration(path: dir + "/d.h5", dtype: .uint8, fixedT: 2, key: "d4", commitEvery: 2)
        do {
            let writer = try await CacheWriter.open(new)
            for item in CacheFixtures.items(.uint8, count: 7, fixedT: 2).reversed() {
                try await writer.append(writer.encode(id: item.id, label: item.label, split: item.split, frames: item.frames))
            }
        }
        let after = try Self.contents(old.path)
        #expect(before.ids == after.ids && before.frames == after.frames && before.attributes == after.attributes)
        #expect(try CacheReader(path: old.path, expectedKey: old.cacheKey).count == 5)

        // Reopening with the old settings must not reuse the other run's partial data.
        let writer = try await CacheWriter.open(old)
        #expect(await writer.openStatus == .restartedAfterKeyMismatch(foundKey: new.cacheKey))
        #expect(await writer.committedCount == 0)
    }

    @Test("an unreadable partial file is discarded and reported")
    func corruptPartial() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-corrupt")
        let config = CacheFixtures.configuration(path: dir + "/x.h5", dtype: .float32, fixedT: nil)
        try Data(repeating: 0xAB, count: 4096).write(to: URL(fileURLWithPath: config.partialPath))
        let writer = try await CacheWriter.open(config)
        guard case .restartedAfterUnusablePartial(let reason) = await writer.openStatus else {
            Issue.record("expected restartedAfterUnusablePartial, got \(await writer.openStatus)")
            return
        }
        #expect(reason.contains(config.partialPath))
        let items = CacheFixtures.items(.float32, count: 3, fixedT: nil)
        for item in items {
            try await writer.append(writer.encode(id: item.id, label: item.label, split: item.split, frames: item.frames))
        }
        try await writer.finish()
        #expect(try Self.contents(config.path).frames == items.map(\.frames))
    }

    @Test("the commit record keeps the longest consistent prefix")
    func commitRecord() {
        // Complete record of 3 samples with T = 2, 0, 3.
        #expect(CommitRecord.committedCount(offsets: [0, 2, 2, 5], labels: 3, splits: 3, ids: 3, frameRows: 5, framesPerChunk: 1) == 3)
        // Unwritten offsets read as the fill −1.
        #expect(CommitRecord.committedCount(offsets: [0, 2, -1, -1], labels: 3, splits: 3, ids: 3, frameRows: 5, framesPerChunk: 1) == 1)
        // Metadata shorter than the offsets, or offsets beyond the frames.
        #expect(CommitRecord.committedCount(offsets: [0, 2, 2, 5], labels: 3, splits: 2, ids: 3, frameRows: 5, framesPerChunk: 1) == 2)
        #expect(CommitRecord.committedCount(offsets: [0, 2, 2, 5], labels: 3, splits: 3, ids: 3, frameRows: 4, framesPerChunk: 1) == 2)
        // Fixed T: every step must be exactly T.
        #expect(CommitRecord.committedCount(offsets: [0, 4, 8, 9], labels: 3, splits: 3, ids: 3, frameRows: 12, framesPerChunk: 4) == 2)
        #expect(CommitRecord.committedCount(offsets: [-1], labels: 0, splits: 0, ids: 0, frameRows: 0, framesPerChunk: 1) == 0)
    }
}
