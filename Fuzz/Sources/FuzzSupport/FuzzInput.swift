import Foundation
import SpikeEvents

/// What every harness does with a libFuzzer input: write it to a per-process scratch file (the readers take
/// paths), and check the contracts every event reader promises.
public enum FuzzInput {
    /// Writes `prefix` and the input to this process's scratch file ending in `suffix`; returns its path.
    public static func file(_ input: UnsafeBufferPointer<UInt8>, prefix: [UInt8] = [], suffix: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("spikestream-fuzz-\(getpid())\(suffix)").path
        guard FileManager.default.createFile(atPath: path, contents: Data(prefix) + Data(buffer: input)) else {
            fatalError("cannot write the scratch file \(path)")
        }
        return path
    }

    /// Reads `reader` to the end in chunks of at most `chunk` events; traps when a chunk is empty or too large, or
    /// an event has a negative time or lies outside the sensor. Returns the number of events.
    public static func drain(_ reader: some EventReader, chunk: Int) throws -> Int {
        let sensor = reader.sensorSize
        var total = 0
        while let events = try reader.nextChunk(maxEvents: chunk) {
            precondition(events.count > 0 && events.count <= chunk, "chunk size contract broken")
            precondition(events.t.allSatisfy { $0 >= 0 }, "negative event time")
            precondition(events.x.allSatisfy { Int($0) < sensor.width } && events.y.allSatisfy { Int($0) < sensor.height },
                         "event outside the \(sensor) sensor")
            precondition(events.p.allSatisfy { Int($0) < sensor.polarities }, "polarity outside the sensor")
            total += events.count
        }
        return total
    }

    /// `pristine` with the input's edits: each 4 bytes a 24-bit offset into the file and the byte to put there;
    /// 2 or 3 bytes left over, a 16-bit length to truncate to. For harnesses that start inside a valid file.
    public static func edits(of pristine: [UInt8], _ data: UnsafePointer<UInt8>, _ size: Int) -> [UInt8] {
        var bytes = pristine
        for e in 0..<size / 4 {
            let offset = (Int(data[4 * e]) | Int(data[4 * e + 1]) << 8 | Int(data[4 * e + 2]) << 16) % bytes.count
            bytes[offset] = data[4 * e + 3]
        }
        if size % 4 >= 2 {
            bytes.removeLast(bytes.count - (Int(data[size - 1]) << 8 | Int(data[size - 2])) % bytes.count)
        }
        return bytes
    }

    /// A rejected input must say why: an error whose description is empty is a bug.
    public static func checkDescribed(_ error: any Error) {
        precondition(!String(describing: error).isEmpty, "an error without a description")
    }
}
