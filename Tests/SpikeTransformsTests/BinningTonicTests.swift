import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import SpikeTransforms
import Testing

/// `compat: .tonic` on the seven events of `seven`. Expected cells were derived by hand from tonic's slicing
/// rules and confirmed by running tonic 1.7.0 `ToFrame(sensor_size=(4, 3, 2), …)` on the same events.
@Suite("Binning tonic compat (small lists)")
struct BinningTonicSmallTests {
    func tonic(_ slicing: FrameBinning.Slicing, overlap: Double = 0, includeIncomplete: Bool = false,
               sensor: SensorSize = small, _ events: EventChunk = seven) throws -> [[Int]] {
        let windowed: Bool = switch slicing {
        case .timeWindow, .eventCount: true
        case .nTimeBins, .nEventBins: false
        }
        let b = FrameBinning(slicing, overlap: overlap, dropIncomplete: windowed && !includeIncomplete, compat: .tonic)
        return nonZero(try b.frames(events, sensor: sensor))
    }

    @Test("n_time_bins: window (39 − 10) // 4 = 7 µs, the last event is dropped")
    func nTimeBins() throws {
        // Windows [10,17) [17,24) [24,31) [31,38): e6 (39) falls in none.
        #expect(try tonic(.nTimeBins(4)) == expected([[0, 1, 2], [3], [4, 5], []]))
        // overlap 0.5: window 10.5 µs, stride 5.25 µs: [10,20.5) [15.25,25.75) [20.5,31) [25.75,36.25).
        #expect(try tonic(.nTimeBins(4), overlap: 0.5) == expected([[0, 1, 2, 3], [3], [4, 5], [4, 5]]))
    }

    @Test("n_event_bins: 7 // 3 = 2 events per bin, the last one dropped")
    func nEventBins() throws {
        #expect(try tonic(.nEventBins(3)) == expected([[0, 1], [2, 3], [4, 5]]))
        // overlap 0.5: int(2·1.5) = 3 events every int(3·0.5) = 1.
        #expect(try tonic(.nEventBins(3), overlap: 0.5) == expected([[0, 1, 2], [1, 2, 3], [2, 3, 4]]))
    }

    @Test("time_window: duration t[-1] − t[0] = 29, floor/ceil((29 − 12)/stride) + 1 windows")
    func timeWindow() throws {
        #expect(try tonic(.timeWindow(12)) == expected([[0, 1, 2, 3], [4, 5]]))
        #expect(try tonic(.timeWindow(12), includeIncomplete: true) == expected([[0, 1, 2, 3], [4, 5], [6]]))
        #expect(try tonic(.timeWindow(12), overlap: 4, includeIncomplete: true)
            == expected([[0, 1, 2, 3], [3, 4], [4, 5], [6]]))
    }

    @Test("event_count: fewer events than c still give one frame")
    func eventCount() throws {
        #expect(try tonic(.eventCount(3)) == expected([[0, 1, 2], [3, 4, 5]]))
        #expect(try tonic(.eventCount(10)) == expected([[0, 1, 2, 3, 4, 5, 6]]))
        #expect(try tonic(.eventCount(4), overlap: 2, includeIncomplete: true)
            == expected([[0, 1, 2, 3], [2, 3, 4, 5], [4, 5, 6]]))
    }

    @Test("one-polarity sensor: a single polarity goes to channel 0, mixed polarities are refused")
    func onePolarity() throws {
        let sensor = SensorSize(width: 4, height: 3, polarities: 1)
        var allOn = seven
        allOn.p = Array(repeating: 1, count: 7)
        // Window (39 − 10) // 2 = 14: [10,24) e0–e3, [24,38) e4 e5.
        #expect(try tonic(.nTimeBins(2), sensor: sensor, allOn)
            == [[0, 0, 0, 0, 1], [0, 0, 0, 1, 2], [0, 0, 2, 3, 1], [1, 0, 1, 2, 2]])
        #expect(throws: BinningError.mixedPolaritiesForTonic(index: 1)) {
            try tonic(.nTimeBins(2), sensor: sensor)
        }
    }

    @Test("int16 counts wrap like tonic's: uint16 holds the bits, float32 the value")
    func int16Wrap() throws {
        let n = 32_769
        let pixel = EventChunk(t: (0..<n).map { Int64($0) }, x: Array(repeating: 2, count: n),
                               y: Array(repeating: 1, count: n), p: Array(repeating: 0, count: n))
        let bits = try FrameBinning(.eventCount(n), compat: .tonic).frames(pixel, sensor: small)
        #expect(nonZero(bits) == [[0, 0, 1, 2, 32_769]])  // Int16(bitPattern: 32769) = −32767
        let value = try FrameBinning(.eventCount(n), dtype: .float32, compat: .tonic).frames(pixel, sensor: small)
        #expect(nonZero(value) == [[0, 0, 1, 2, -32_767]])
    }

    @Test("empty input: 1 frame for time_window/event_count, T for the bin modes")
    func empty() throws {
        let none = EventChunk()
        #expect(try FrameBinning(.timeWindow(10), compat: .tonic).frames(none, sensor: small).shape.timeSteps == 1)
        #expect(try FrameBinning(.eventCount(10), compat: .tonic).frames(none, sensor: small).shape.timeSteps == 1)
        #expect(try FrameBinning(.nTimeBins(5), compat: .tonic).frames(none, sensor: small).shape.timeSteps == 5)
        #expect(try FrameBinning(.nEventBins(3), compat: .tonic).frames(none, sensor: small).shape.timeSteps == 3)
    }

    @Test("time slicing needs time-ordered events; event slicing does not")
    func unsorted() throws {
        let swapped = chunk([(10, 0, 0, 1), (15, 1, 0, 0), (12, 1, 0, 0)])
        #expect(throws: BinningError.unsortedForTonic(index: 2, time: 12, previous: 15)) {
            try tonic(.nTimeBins(2), swapped)
        }
        #expect(try tonic(.eventCount(2), swapped) == [[0, 0, 0, 1, 1], [0, 1, 0, 0, 1]])
    }
}

/// `compat: .tonic` against frames computed by tonic 1.7.0 itself on every shared N-MNIST sample
/// (`scripts/make_tonic_frame_fixtures.py` → `Fixtures/tonic_frames_<sample>.json`).
@Suite("Binning tonic compat against tonic's own frames")
struct BinningTonicFixtureTests {
    struct Fixture: Decodable {
        let sample: String
        let event_count: Int
        let frames: [Entry]
    }

    /// tonic's ToFrame keyword arguments.
    struct Config: Decodable, CustomStringConvertible {
        let n_time_bins: Int?
        let n_event_bins: Int?
        let time_window: Int64?
        let event_count: Int?
        let overlap: Double?
        let include_incomplete: Bool?
        var description: String {
            "n_time_bins=\(n_time_bins as Any) n_event_bins=\(n_event_bins as Any) time_window=\(time_window as Any) "
                + "event_count=\(event_count as Any) overlap=\(overlap as Any) include_incomplete=\(include_incomplete as Any)"
        }
    }

    struct Entry: Decodable {
        let config: Config
        let shape: [Int]
        let dtype: String
        let sum: Int
        let index_delta: [Int]
        let value: [Int]
    }

    static let fixtureDirectory = RepoPaths.root + "/Tests/SpikeTransformsTests/Fixtures"
    static let samples = SharedSamples.available
        ? SharedSamples.files(in: "nmnist", extensions: ["bin", "bs2"]) : []

    /// tonic's keyword arguments as a binning; tonic's default is include_incomplete=False.
    static func binning(_ config: Config, dtype: FrameDType) -> FrameBinning {
        let slicing: FrameBinning.Slicing =
            if let n = config.n_time_bins { .nTimeBins(n) }
            else if let n = config.n_event_bins { .nEventBins(n) }
            else if let w = config.time_window { .timeWindow(w) }
            else { .eventCount(config.event_count!) }
        let windowed = config.time_window != nil || config.event_count != nil
        return FrameBinning(slicing, overlap: config.overlap ?? 0,
                            dropIncomplete: windowed && !(config.include_incomplete ?? false), dtype: dtype, compat: .tonic)
    }

    @Test("every shared N-MNIST sample has a fixture", .enabled(if: SharedSamples.available, SharedSamples.skipReason))
    func fixturesPresent() throws {
        #expect(Self.samples.count == 8)
        for sample in Self.samples {
            let name = (sample as NSString).lastPathComponent
            #expect(FileManager.default.fileExists(atPath: Self.fixtureDirectory + "/tonic_frames_\(name).json"))
        }
    }

    @Test("frames equal tonic's exactly", .enabled(if: SharedSamples.available, SharedSamples.skipReason),
          arguments: samples)
    func matchesTonic(sample: String) throws {
        let name = (sample as NSString).lastPathComponent
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.fixtureDirectory + "/tonic_frames_\(name).json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: data)
        let events = try NMNISTReader(path: SharedSamples.path(sample)).readAll()
        #expect(events.count == fixture.event_count)
        #expect(fixture.frames.count == 13)
        for entry in fixture.frames {
            let f = try Self.binning(entry.config, dtype: .uint16).frames(events, sensor: .nmnist)
            let s = f.shape
            #expect([s.timeSteps, s.channels, s.height, s.width] == entry.shape, "\(entry.config)")
            #expect(entry.dtype == "int16")
            var index = 0
            let expectedIndices = entry.index_delta.map { index += $0; return index }
            guard case .uint16(let cells) = f.storage else { Issue.record("dtype"); continue }
            let indices = cells.indices.filter { cells[$0] != 0 }
            #expect(indices == expectedIndices, "\(entry.config)")
            #expect(indices.map { Int(Int16(bitPattern: cells[$0])) } == entry.value, "\(entry.config)")
            #expect(Int(f.total) == entry.sum, "\(entry.config)")
            let asFloat = try Self.binning(entry.config, dtype: .float32).frames(events, sensor: .nmnist)
            #expect(asFloat.total == Double(entry.sum), "\(entry.config)")
        }
    }
}
