// libFuzzer entry point for the N-MNIST reader: every input is written to a file and decoded in small chunks.
// Built by scripts/fuzz-nmnist (the reader's sources are compiled into this one module there).
import Foundation

private let scratch = FileManager.default.temporaryDirectory
    .appendingPathComponent("spikestream-fuzz-\(getpid()).bin").path

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Data(bytes: data, count: size)
    guard FileManager.default.createFile(atPath: scratch, contents: bytes) else { fatalError("cannot write \(scratch)") }
    // The first byte picks the chunk and block sizes so the fuzzer also explores chunk boundaries.
    let chunk = 1 + Int(size > 0 ? data[0] % 17 : 0)
    do {
        let reader = try NMNISTReader(path: scratch, blockRecords: 1 + chunk / 2)
        var total = 0
        while let events = try reader.nextChunk(maxEvents: chunk) {
            precondition(events.count > 0 && events.count <= chunk, "chunk size contract broken")
            precondition(events.x.allSatisfy { $0 < 34 } && events.y.allSatisfy { $0 < 34 }, "event outside the sensor")
            total += events.count
        }
        precondition(total <= size / 5, "more events than records")
    } catch {
        precondition(!String(describing: error).isEmpty)
    }
    return 0
}
