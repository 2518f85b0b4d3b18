import Foundation
import SpikeEvents
import SpikeTransforms
import Testing

@Suite("Binning parameters: JSON shape and validation")
struct BinningConfigTests {
    func json(_ b: FrameBinning) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(b), as: UTF8.self)
    }

    @Test("the JSON shape is fixed (it feeds the cache key)")
    func stableJSON() throws {
        #expect(try json(FrameBinning(.nTimeBins(16))) ==
            #"{"compat":"native","dropIncomplete":false,"dtype":"uint8","end":null,"mergePolarities":false,"#
            + #""mode":"nTimeBins","overlap":0,"start":null,"value":16}"#)
        #expect(try json(FrameBinning(.timeWindow(10000), overlap: 2500, dropIncomplete: true, start: 0, end: 300000,
                                      mergePolarities: true, dtype: .float32, compat: .tonic)) ==
            #"{"compat":"tonic","dropIncomplete":true,"dtype":"float32","end":300000,"mergePolarities":true,"#
            + #""mode":"timeWindow","overlap":2500,"start":0,"value":10000}"#)
    }

    @Test("JSON round trip", arguments: [
        FrameBinning(.nTimeBins(16), overlap: 0.1), FrameBinning(.nEventBins(10), dtype: .uint16),
        FrameBinning(.timeWindow(10000), overlap: 2500, dropIncomplete: true, start: 5, end: 7),
        FrameBinning(.eventCount(500), mergePolarities: true, compat: .tonic),
    ])
    func roundTrip(binning: FrameBinning) throws {
        let data = try JSONEncoder().encode(binning)
        #expect(try JSONDecoder().decode(FrameBinning.self, from: data) == binning)
    }

    @Test("bad parameters name the parameter", arguments: [
        (FrameBinning(.nTimeBins(0)), "bins"),
        (FrameBinning(.nEventBins(-2)), "bins"),
        (FrameBinning(.nTimeBins(4), overlap: 1), "overlap"),
        (FrameBinning(.nTimeBins(4), overlap: -0.1), "overlap"),
        (FrameBinning(.nTimeBins(4), overlap: .nan), "overlap"),
        (FrameBinning(.nTimeBins(4), dropIncomplete: true), "dropIncomplete"),
        (FrameBinning(.timeWindow(0)), "timeWindow"),
        (FrameBinning(.timeWindow(100), overlap: 100), "overlap"),
        (FrameBinning(.timeWindow(100), overlap: 0.5), "overlap"),
        (FrameBinning(.eventCount(0)), "eventCount"),
        (FrameBinning(.eventCount(10), overlap: 11), "overlap"),
        (FrameBinning(.nTimeBins(4), start: 10, end: 9), "end"),
        (FrameBinning(.nTimeBins(4), mergePolarities: true, dtype: .uint16, compat: .tonic), "mergePolarities"),
        (FrameBinning(.nTimeBins(4), dtype: .uint8, compat: .tonic), "dtype"),
        (FrameBinning(.nTimeBins(4), start: 0, dtype: .uint16, compat: .tonic), "start/end"),
    ])
    func invalid(binning: FrameBinning, parameter: String) throws {
        do {
            try binning.validate()
            Issue.record("accepted \(binning)")
        } catch {
            guard case .invalidParameter(let p, _) = error else { Issue.record("\(error)"); return }
            #expect(p == parameter)
            #expect(error.description.contains("'\(parameter)'"))
        }
        #expect(throws: BinningError.self) { try binning.frames(seven, sensor: small) }
    }

    @Test("dtype defaults to uint8 natively and to uint16 (int16 bits) for tonic")
    func defaultDType() {
        #expect(FrameBinning(.nTimeBins(4)).dtype == .uint8)
        #expect(FrameBinning(.nTimeBins(4), compat: .tonic).dtype == .uint16)
    }

    @Test("a sensor without pixels or polarities is refused")
    func badSensor() {
        #expect(throws: BinningError.invalidSensor(SensorSize(width: 0, height: 3))) {
            try FrameBinning(.nTimeBins(2)).frames(seven, sensor: SensorSize(width: 0, height: 3))
        }
    }
}
