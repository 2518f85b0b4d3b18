// libFuzzer entry point for the SHD/SSC reader (HeidelbergSpikesFile) on corrupted HDF5 bytes. A small file in
// the Heidelberg layout is written once by the package's own writer; each input is a list of byte edits (and maybe
// a truncation) of it, so the fuzzer starts inside valid HDF5 (ragged float32 times, uint16 units, labels, UTF-8
// keys) instead of searching for the format. The reader must then refuse the file with a typed error or read
// every sample's events, time-ordered and on the 700-unit sensor, without crashing.
import Foundation
import FuzzSupport
import SpikeCache
import SpikeEvents

/// The bytes of the pristine file: three samples (one empty, one out of time order), two classes.
private let pristine: [UInt8] = {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("spikestream-fuzz-shd-\(getpid()).h5").path
    do {
        try HeidelbergSpikesFile.write(path: path, samples: [
            (seconds: [0.001, 0.25, 0.5], units: [0, 350, 699], label: 1),
            (seconds: [], units: [], label: 0),
            (seconds: [0.75, 0.125, 0.375, 0.0625], units: [12, 7, 698, 1], label: 1),
        ], classNames: ["zero", "one"])
    } catch {
        fatalError("cannot write the pristine SHD file: \(error)")
    }
    guard let bytes = FileManager.default.contents(atPath: path) else { fatalError("cannot read back \(path)") }
    return Array(bytes)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = FuzzInput.edits(of: pristine, data, size)
    let path = bytes.withUnsafeBufferPointer { FuzzInput.file($0, suffix: ".h5") }
    do {
        let file = try HeidelbergSpikesFile(path: path)
        precondition(file.labels.allSatisfy { file.classNames.indices.contains($0) }, "a label without a class name")
        for i in file.labels.indices {
            let events = try HeidelbergSpikesFile.events(path: path, sample: i)
            precondition(zip(events.t, events.t.dropFirst()).allSatisfy { $0 <= $1 }, "events out of time order")
            precondition(events.t.allSatisfy { $0 >= 0 }, "negative event time")
            precondition(events.x.allSatisfy { Int($0) < HeidelbergSpikesFile.sensorSize.width }, "unit outside the sensor")
        }
    } catch {
        FuzzInput.checkDescribed(error)
    }
    return 0
}
