// libFuzzer entry point for the AEDAT 2.0 reader: every input is written to a file and decoded in small chunks.
// Built by scripts/fuzz-reader aedat2 (the reader's sources are compiled into this one module there).
import Foundation

private let scratch = FileManager.default.temporaryDirectory
    .appendingPathComponent("spikestream-fuzz-\(getpid()).aedat").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes: data, count: size)) else {
        fatalError("cannot write \(scratch)")
    }
    // The last byte picks chunk size and orientation, so chunk boundaries and every mapping are explored.
    let knob = size > 0 ? Int(data[size - 1]) : 0
    let chunk = 1 + knob % 13
    do {
        let reader = try AEDAT2Reader(path: scratch, orientation: DVS128Orientation.allCases[knob % 4],
                                      blockRecords: 1 + chunk / 2)
        var total = 0
        while let events = try reader.nextChunk(maxEvents: chunk) {
            precondition(events.count > 0 && events.count <= chunk, "chunk size contract broken")
            precondition(events.x.allSatisfy { $0 < 128 } && events.y.allSatisfy { $0 < 128 }, "event outside the sensor")
            total += events.count
        }
        precondition(total + reader.specialEvents + reader.syncEvents <= size / 8, "more events than records")
    } catch {
        precondition(!String(describing: error).isEmpty)
    }
    return 0
}
