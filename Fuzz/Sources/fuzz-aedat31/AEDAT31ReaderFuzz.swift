// libFuzzer entry point for the AEDAT 3.1 reader: every input is written to a file and decoded in small chunks.
import FuzzSupport
import SpikeFormats

/// Inputs that do not start with a header line get this one in front (unless the first byte is a multiple of 8),
/// so the fuzzer spends its time on packets; real files and seeds (starting with `#`) are read as they are.
private let header = Array("#!AER-DAT3.1\r\n#Format: RAW\r\n#!END-HEADER\r\n".utf8)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let knob = size > 0 ? Int(data[0]) : 0
    let prefix = knob == Int(UInt8(ascii: "#")) || knob % 8 == 0 ? [] : header
    let path = FuzzInput.file(UnsafeBufferPointer(start: data, count: size), prefix: prefix, suffix: ".aedat")
    let chunk = 1 + knob % 13
    do {
        let reader = try AEDAT31Reader(path: path, blockEvents: 1 + chunk / 2)
        let total = try FuzzInput.drain(reader, chunk: chunk)
        precondition(total + reader.invalidEvents <= (prefix.count + size) / 8, "more events than bytes allow")
    } catch {
        FuzzInput.checkDescribed(error)
    }
    return 0
}
