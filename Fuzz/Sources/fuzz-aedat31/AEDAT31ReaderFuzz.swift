// libFuzzer entry point for the AEDAT 3.1 reader: every input is written to a file and decoded in small chunks.
// Built by scripts/fuzz-reader aedat31 (the reader's sources are compiled into this one module there).
import Foundation

private let scratch = FileManager.default.temporaryDirectory
    .appendingPathComponent("spikestream-fuzz-\(getpid()).aedat").path
/// Most inputs get a valid header in front, so the fuzzer spends its time on packets.
private let header = Array("#!AER-DAT3.1\r\n#Format: RAW\r\n#!END-HEADER\r\n".utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let knob = size > 0 ? Int(data[0]) : 0
    var bytes = knob % 8 == 0 ? [] : header
    bytes += UnsafeBufferPointer(start: data, count: size)
    guard FileManager.default.createFile(atPath: scratch, contents: Data(bytes)) else { fatalError("cannot write \(scratch)") }
    let chunk = 1 + knob % 13
    do {
        let reader = try AEDAT31Reader(path: scratch, blockEvents: 1 + chunk / 2)
        var total = 0
        while let events = try reader.nextChunk(maxEvents: chunk) {
            precondition(events.count > 0 && events.count <= chunk, "chunk size contract broken")
            precondition(events.x.allSatisfy { $0 < 128 } && events.y.allSatisfy { $0 < 128 }, "event outside the sensor")
            total += events.count
        }
        precondition(total + reader.invalidEvents <= bytes.count / 8, "more events than bytes allow")
    } catch {
        precondition(!String(describing: error).isEmpty)
    }
    return 0
}
