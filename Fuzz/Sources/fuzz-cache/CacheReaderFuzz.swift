// libFuzzer entry point for the cache reader on corrupted HDF5 bytes. A small complete cache with /events is
// written once by the package's own CacheWriter; each input is a list of byte edits (and maybe a truncation) of it,
// so the fuzzer starts inside valid HDF5 instead of searching for the format. The reader must then refuse the
// file with a typed error or read every sample, frames, events and digest, without crashing.
import Foundation
import FuzzSupport
import SpikeCache
import SpikeEvents

/// The bytes of the pristine cache.
private let pristine: [UInt8] = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("spikestream-fuzz-base-\(getpid()).h5").path
    final class Outcome: @unchecked Sendable { var error: (any Error)? }
    let outcome = Outcome(), done = DispatchSemaphore(value: 0)
    Task {
        do {
            let geometry = FrameGeometry(channels: 2, height: 3, width: 4)
            let writer = try await CacheWriter.open(CacheWriterConfiguration(
                path: path, cacheKey: String(repeating: "ab", count: 32), dataset: "fuzz", transformJSON: "[]",
                createdBy: "fuzz-cache", dtype: .uint8, geometry: geometry, framesPerChunk: 1,
                eventSensor: SensorSize(width: 4, height: 3), commitEverySamples: 2))
            for i in 0..<5 {
                let shape = FrameShape(timeSteps: i % 3 + 1, channels: 2, height: 3, width: 4)
                let frames = FrameTensor(shape: shape, storage: .uint8((0..<shape.elementCount).map { UInt8(($0 * 7 + i) % 5) }))
                let events = EventChunk(t: (0..<i).map { Int64($0 * 10) }, x: (0..<i).map { UInt16($0 % 4) },
                                        y: (0..<i).map { UInt16($0 % 3) }, p: (0..<i).map { UInt8($0 % 2) })
                try await writer.append(writer.encode(id: "s\(i)", label: i, split: .train, frames: frames, events: events))
            }
            _ = try await writer.finish()
        } catch {
            outcome.error = error
        }
        done.signal()
    }
    done.wait()
    guard outcome.error == nil, let bytes = FileManager.default.contents(atPath: path) else {
        fatalError("cannot write the pristine cache: \(outcome.error.map { "\($0)" } ?? "unreadable")")
    }
    return Array(bytes)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = FuzzInput.edits(of: pristine, data, size)
    let path = bytes.withUnsafeBufferPointer { FuzzInput.file($0, suffix: ".h5") }
    do {
        let cache = try CacheReader(path: path)
        for i in 0..<cache.count {
            _ = try cache.frames(at: i)
            _ = try cache.events(at: i)
        }
        _ = try cache.contentDigest()
    } catch {
        FuzzInput.checkDescribed(error)
    }
    return 0
}
