import Foundation
import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

/// Spike times that are no time from the recording's start (negative, NaN, infinite, beyond Int64 µs) are a
/// damaged file: `HeidelbergSpikesFile.events` names the sample and spike instead of trapping in the Int64
/// conversion (found by fuzz-heidelberg's first run).
@Suite("SHD / SSC spike times are checked")
struct HeidelbergSpikeTimeTests {
    @Test("good times convert to ⌊s × 10⁶⌋ µs in time order; bad ones are typed errors naming the spike")
    func badTimes() throws {
        let path = try RepoPaths.temporaryDirectory("spikestream-shd-times") + "/times.h5"
        try HeidelbergSpikesFile.write(path: path, samples: [
            (seconds: [0.5, 0.25], units: [3, 699], label: 0),
            (seconds: [0.5, -0.001], units: [1, 2], label: 0),
            (seconds: [.nan], units: [1], label: 0),
            (seconds: [0, .infinity], units: [1, 2], label: 0),
            (seconds: [1e13], units: [1], label: 0),
        ], classNames: ["only"])
        let good = try HeidelbergSpikesFile.events(path: path, sample: 0)
        #expect(good.t == [250_000, 500_000] && good.x == [699, 3] && good.y == [0, 0] && good.p == [0, 0])
        for (sample, spike, shown) in [(1, 1, "-0.001"), (2, 0, "nan"), (3, 1, "inf"), (4, 0, "9999999827968.0")] {
            #expect {
                _ = try HeidelbergSpikesFile.events(path: path, sample: sample)
            } throws: { error in
                guard case .badDatasetFile(let p, let reason) = error as? CacheError else { return false }
                return p == path && reason.hasPrefix("sample \(sample) spike \(spike) has time \(shown)")
            }
        }
    }
}
