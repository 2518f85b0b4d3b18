import Foundation
import SpikeCache
import SpikeEvents
import SpikeTestSupport

/// Deterministic samples and writer settings shared by the cache tests.
enum CacheFixtures {
    static let geometry = FrameGeometry(channels: 2, height: 3, width: 5)

    /// Sparse frames whose values depend on every index and on `seed`, so misplaced rows are caught.
    static func frames(_ dtype: FrameDType, timeSteps: Int, seed: Int, geometry: FrameGeometry = geometry) -> FrameTensor {
        let shape = geometry.shapeWith(timeSteps: timeSteps)
        let n = shape.elementCount
        let raw = (0..<n).map { i in (i * 7 + seed * 13) % 5 == 0 ? (i * 31 + seed) % 200 + 1 : 0 }
        let storage: FrameStorage = switch dtype {
        case .uint8: .uint8(raw.map { UInt8($0) })
        case .uint16: .uint16(raw.map { UInt16($0 * 300) })
        case .float32: .float32(raw.map { Float($0) * 0.25 - 3 })
        }
        return FrameTensor(shape: shape, storage: storage)
    }

    struct Item {
        let id: String
        let label: Int
        let split: Split
        let frames: FrameTensor
    }

    /// `count` samples; T is `fixedT` for all, or varies 0...4 when nil (including an empty sample).
    static func items(_ dtype: FrameDType, count: Int, fixedT: Int?) -> [Item] {
        (0..<count).map { i in
            Item(id: "class\(i % 3)/sample_\(i).bin", label: i % 10, split: Split(rawValue: UInt8(i % 3))!,
                 frames: frames(dtype, timeSteps: fixedT ?? (i * 3) % 5, seed: i))
        }
    }

    static func configuration(path: String, dtype: FrameDType, fixedT: Int?, key: String = "a1",
                              commitEvery: Int = 4) -> CacheWriterConfiguration {
        CacheWriterConfiguration(
            path: path, cacheKey: String(repeating: key, count: 32), dataset: "fixture-dataset",
            transformJSON: #"[{"crop":{"width":5}}]"#, createdBy: "spikestream-tests 0.1",
            extraAttributes: ["orientation": "x=column,y=row,p=1 ON"], dtype: dtype, geometry: geometry,
            framesPerChunk: fixedT ?? 1, commitEverySamples: commitEvery, commitInterval: .seconds(3600))
    }

    /// Writes `items` completely and returns the final path.
    @discardableResult
    static func write(_ items: [Item], _ config: CacheWriterConfiguration) async throws -> String {
        let writer = try await CacheWriter.open(config)
        try await append(items, to: writer)
        return try await writer.finish()
    }

    static func append(_ items: some Sequence<Item>, to writer: CacheWriter) async throws {
        for item in items {
            try await writer.append(writer.encode(id: item.id, label: item.label, split: item.split, frames: item.frames))
        }
    }
}

extension FrameGeometry {
    func shapeWith(timeSteps: Int) -> FrameShape {
        FrameShape(timeSteps: timeSteps, channels: channels, height: height, width: width)
    }
}
