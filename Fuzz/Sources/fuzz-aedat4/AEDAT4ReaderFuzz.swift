// libFuzzer entry point for the AEDAT 4 reader: every input is written to a file and decoded in small chunks.
import Foundation
import FuzzSupport
import SpikeEvents
import SpikeFormats

/// Header-only files (version line and IOHeader, one 128×128 event stream with id 0), one per compression:
/// inputs that do not start with `#` get one of them in front, so the fuzzer spends its time on packets.
private let headers: [[UInt8]] = AEDAT4Header.Compression.allCases.map { compression in
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("spikestream-fuzz-aedat4-header-\(getpid())").path
    do {
        let writer = try AEDAT4Writer(path: path, sensorSize: .dvs128, compression: compression)
        try writer.close(sync: false)
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
        fatalError("cannot write the AEDAT 4 header: \(error)")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let knob = size > 0 ? Int(data[0]) : 0
    let prefix = knob == Int(UInt8(ascii: "#")) ? [] : headers[knob % headers.count]
    let path = FuzzInput.file(UnsafeBufferPointer(start: data, count: size), prefix: prefix, suffix: ".aedat4")
    do {
        // A small packet limit keeps decompression bombs cheap; real packets of the seed fit.
        let reader = try AEDAT4Reader(path: path, blockBytes: 1 << (knob / 16), maxPacketBytes: 1 << 20)
        _ = try FuzzInput.drain(reader, chunk: 1 + knob % 13)
    } catch {
        FuzzInput.checkDescribed(error)
    }
    return 0
}
