import SpikeEvents
@testable import SpikePreprocess
import Testing

@Suite("Preprocess work units")
struct WorkUnitTests {
    static func sample(_ i: Int, file: Int) -> Sample {
        Sample(id: "s\(i)", label: 0, split: .train, source: .segment(path: "/r/\(file).aedat", start: Int64(i), end: Int64(i + 1)))
    }

    @Test("units hold at least `size` consecutive samples and never split one file's samples when grouping by file")
    func units() {
        // Files of 3, 1, 4, 2 samples (ids s0…s9).
        let files = [0, 0, 0, 1, 2, 2, 2, 2, 3, 3]
        let samples = files.enumerated().map { Self.sample($0.offset, file: $0.element) }
        let ids = { (units: [[Sample]]) in units.map { $0.map(\.id) } }
        #expect(ids(Preprocessor.workUnits(samples, byFile: true, size: 2))
                == [["s0", "s1", "s2"], ["s3", "s4", "s5", "s6", "s7"], ["s8", "s9"]])
        #expect(ids(Preprocessor.workUnits(samples, byFile: false, size: 4))
                == [["s0", "s1", "s2", "s3"], ["s4", "s5", "s6", "s7"], ["s8", "s9"]])
        #expect(Preprocessor.workUnits([], byFile: true).isEmpty)
    }
}
