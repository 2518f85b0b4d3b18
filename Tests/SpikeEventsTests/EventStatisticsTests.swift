import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("Event statistics")
struct EventStatisticsTests {
    @Test("hand-computed fields on a small stream fed in uneven chunks")
    func smallStream() {
        let all = EventChunk(t: [5, 7, 7, 20, 3, 40, 41], x: [1, 0, 9, 2, 2, 3, 4], y: [8, 1, 1, 0, 5, 6, 7],
                             p: [1, 0, 0, 1, 1, 0, 1])
        var stats = EventStatistics(keep: 3)
        stats.add(all.slice(0..<2))
        stats.add(all.slice(2..<2))
        stats.add(all.slice(2..<7))
        #expect(stats.count == 7)
        #expect(stats.tMin == 3 && stats.tMax == 41)
        #expect(stats.xMin == 0 && stats.xMax == 9 && stats.yMin == 0 && stats.yMax == 8)
        #expect(stats.polarityCounts == [3, 4])
        #expect(stats.sumX == 21 && stats.sumY == 28 && stats.sumT == 123)
        #expect(stats.sumTMinusTMin == 123 - 7 * 3)
        #expect(!stats.nonDecreasing)
        #expect(stats.first.map(\.t) == [5, 7, 7])
        #expect(stats.last.map(\.t) == [3, 40, 41])
    }

    @Test("sums of timestamps past Int64 do not trap")
    func hugeSums() {
        var stats = EventStatistics()
        let t = Int64.max / 2
        stats.add(EventChunk(t: [t, t, t, t], x: [0, 0, 0, 0], y: [0, 0, 0, 0], p: [0, 0, 0, 0]))
        #expect(stats.sumT == Int128(t) * 4)
        #expect(stats.sumTMinusTMin == 0)
    }

    @Test("agrees with the golden fields of a real sample", .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func realSample() throws {
        let path = SharedSamples.path("nmnist/tonic_sample_nmnist.bin")
        let golden = try SharedSamples.golden(for: "nmnist/tonic_sample_nmnist.bin")
        let reader = try NMNISTReader(path: path)
        var stats = EventStatistics()
        while let chunk = try reader.nextChunk(maxEvents: 333) { stats.add(chunk) }
        #expect(stats.count == golden.event_count)
        #expect(stats.sumTMinusTMin == Int128(golden.sum_t_minus_t_min))
        #expect(stats.polarityCounts == [golden.polarity_counts["0"], golden.polarity_counts["1"]])
        #expect(stats.last.map { [$0.t, Int64($0.x), Int64($0.y), Int64($0.p)] } == golden.last_events)
        #expect(stats.first.map { [$0.t, Int64($0.x), Int64($0.y), Int64($0.p)] } == golden.first_events)
    }
}
