import Foundation
import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("Skipped samples across a resume")
struct CacheSkippedSamplesTests {
    @Test("a resumed partial cache keeps the list of the run before it, and a sample skipped again is listed once")
    func keptAcrossResume() async throws {
        let dir = try RepoPaths.temporaryDirectory("skipped-resume")
        let config = CacheFixtures.configuration(path: dir + "/c.h5", dtype: .uint8, fixedT: nil)
        let items = CacheFixtures.items(.uint8, count: 4, fixedT: nil)
        let first = SkippedSample(id: "bad/1.bin", path: "/data/bad/1.bin", reason: "truncated record at byte offset 6")
        do {
            let writer = try await CacheWriter.open(config)
            try await CacheFixtures.append(items.prefix(1), to: writer)
            try await writer.recordSkipped([first])
            try await writer.commit()
        }  // interrupted: never finished
        let writer = try await CacheWriter.open(config)
        #expect(await writer.openStatus == .resumed(committedCount: 1))
        #expect(await writer.skippedSamples == [first])
        let again = SkippedSample(id: "bad/1.bin", path: "/data/bad/1.bin", reason: "seen again")
        let second = SkippedSample(id: "bad/3.bin", path: "/data/bad/3.bin", reason: "empty file")
        try await writer.recordSkipped([again, second])
        try await CacheFixtures.append(items.dropFirst(), to: writer)
        try await writer.finish()
        #expect(try CacheReader(path: config.path).skippedSamples == [again, second])
    }
}
