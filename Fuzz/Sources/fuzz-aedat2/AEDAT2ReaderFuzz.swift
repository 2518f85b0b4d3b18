// libFuzzer entry point for the AEDAT 2.0 reader: every input is written to a file and decoded in small chunks.
import FuzzSupport
import SpikeFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = FuzzInput.file(UnsafeBufferPointer(start: data, count: size), suffix: ".aedat")
    // The last byte picks chunk size and orientation, so chunk boundaries and every mapping are explored.
    let knob = size > 0 ? Int(data[size - 1]) : 0
    let chunk = 1 + knob % 13
    do {
        let reader = try AEDAT2Reader(path: path, orientation: DVS128Orientation.allCases[knob % 4],
                                      blockRecords: 1 + chunk / 2)
        let total = try FuzzInput.drain(reader, chunk: chunk)
        precondition(total + reader.specialEvents + reader.syncEvents <= size / 8, "more events than records")
    } catch {
        FuzzInput.checkDescribed(error)
    }
    return 0
}
