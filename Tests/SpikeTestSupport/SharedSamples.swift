import Foundation
import SpikeEvents

/// Locates the shared real sample files (`../shared/samples/` beside the checkout, or `$SPIKESTREAM_SAMPLES`)
/// and their golden decodings. Tests that need them are enabled only when the folder exists, so a fresh clone
/// without it skips them with `SharedSamples.skipReason` shown in the test output.
public enum SharedSamples {
    public static let root: String? = {
        if let env = ProcessInfo.processInfo.environment["SPIKESTREAM_SAMPLES"], !env.isEmpty {
            return env
        }
        let candidate = URL(fileURLWithPath: RepoPaths.root).deletingLastPathComponent()
            .appendingPathComponent("shared/samples").path
        return FileManager.default.fileExists(atPath: candidate + "/golden") ? candidate : nil
    }()

    public static var available: Bool { root != nil }
    public static let skipReason: Comment =
        "SKIPPED: ../shared/samples not found (set SPIKESTREAM_SAMPLES): real-file golden tests did not run"

    public static func path(_ relative: String) -> String { root! + "/" + relative }

    /// The golden decoding of `sample` (a path relative to the samples folder).
    public static func golden(for sample: String) throws -> GoldenEvents {
        let name = (sample as NSString).lastPathComponent
        let data = try Data(contentsOf: URL(fileURLWithPath: path("golden/\(name).json")))
        return try JSONDecoder().decode(GoldenEvents.self, from: data)
    }

    /// Sample files of a folder with the given extensions, sorted.
    public static func files(in folder: String, extensions: Set<String>) -> [String] {
        let dir = path(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.filter { extensions.contains(($0 as NSString).pathExtension) }.sorted().map { "\(folder)/\($0)" }
    }
}

import Testing

/// The fields every event golden JSON carries (MANIFEST.md, "Golden files").
public struct GoldenEvents: Decodable, Sendable {
    public let event_count: Int
    public let t_min: Int64
    public let t_max: Int64
    public let x_min: Int
    public let x_max: Int
    public let y_min: Int
    public let y_max: Int
    public let polarity_counts: [String: Int]
    public let sum_x: Int64
    public let sum_y: Int64
    /// Σ t: a `Decimal` because it can exceed Int64 (the AEDAT 4 sample's absolute µs times, MANIFEST notes).
    public let sum_t: Decimal?
    public let sum_t_minus_t_min: Int64
    public let first_events: [[Int64]]
    public let last_events: [[Int64]]
}

/// Paths inside this checkout.
public enum RepoPaths {
    /// The package root, found from this source file's location.
    public static let root: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// A fresh empty directory under the system temporary folder.
    public static func temporaryDirectory(_ label: String = "spikestream-test") throws -> String {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

extension EventChunk {
    /// Compares every golden field with this chunk and records an expectation failure per mismatch.
    public func expectMatches(_ g: GoldenEvents, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(count == g.event_count, sourceLocation: sourceLocation)
        guard count > 0, count == g.event_count else { return }
        #expect(t.min() == g.t_min, sourceLocation: sourceLocation)
        #expect(t.max() == g.t_max, sourceLocation: sourceLocation)
        #expect(Int(x.min()!) == g.x_min && Int(x.max()!) == g.x_max, sourceLocation: sourceLocation)
        #expect(Int(y.min()!) == g.y_min && Int(y.max()!) == g.y_max, sourceLocation: sourceLocation)
        let on = p.reduce(0) { $0 + Int($1) }
        #expect(on == g.polarity_counts["1"] ?? 0, sourceLocation: sourceLocation)
        #expect(count - on == g.polarity_counts["0"] ?? 0, sourceLocation: sourceLocation)
        #expect(x.reduce(Int64(0)) { $0 + Int64($1) } == g.sum_x, sourceLocation: sourceLocation)
        #expect(y.reduce(Int64(0)) { $0 + Int64($1) } == g.sum_y, sourceLocation: sourceLocation)
        let tMin = t.min()!
        #expect(t.reduce(Int64(0)) { $0 + ($1 - tMin) } == g.sum_t_minus_t_min, sourceLocation: sourceLocation)
        if let sumT = g.sum_t {
            #expect("\(t.reduce(Int128(0)) { $0 + Int128($1) })" == "\(sumT)", sourceLocation: sourceLocation)
        }
        let first = (0..<min(5, count)).map { [t[$0], Int64(x[$0]), Int64(y[$0]), Int64(p[$0])] }
        let last = (max(0, count - 5)..<count).map { [t[$0], Int64(x[$0]), Int64(y[$0]), Int64(p[$0])] }
        #expect(first == g.first_events, sourceLocation: sourceLocation)
        #expect(last == g.last_events, sourceLocation: sourceLocation)
    }
}
