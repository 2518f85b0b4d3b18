import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport

/// The MNIST-DVS golden JSON parts beyond the shared fields: the header and the other conventions' blocks.
struct AEDAT2Golden: Decodable {
    struct Header: Decodable {
        let data_start_byte: Int64
        let header_lines: [String]
    }
    struct Conventions: Decodable {
        let jaer_DVS128_extractor: GoldenEvents
        let spikingjelly_CIFAR10DVS: GoldenEvents
    }
    let header: Header
    let special_or_sync_events_bit15: Int
    let special_events_bit31: Int
    let other_conventions: Conventions

    static func load(_ sample: String) throws -> AEDAT2Golden {
        let name = (sample as NSString).lastPathComponent
        let data = try Data(contentsOf: URL(fileURLWithPath: SharedSamples.path("golden/\(name).json")))
        return try JSONDecoder().decode(AEDAT2Golden.self, from: data)
    }
}

enum AEDATTestFiles {
    /// Writes `bytes` to a new file in a fresh temporary folder and returns its path.
    static func write(_ bytes: [UInt8], name: String = "test.aedat") throws -> String {
        let path = try RepoPaths.temporaryDirectory("aedat-test") + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func bytes(_ path: String) throws -> [UInt8] { try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) }

    /// Big-endian AEDAT 2.0 record bytes.
    static func record(_ address: UInt32, _ timestamp: UInt32) -> [UInt8] {
        withUnsafeBytes(of: address.bigEndian) { Array($0) } + withUnsafeBytes(of: timestamp.bigEndian) { Array($0) }
    }

    static let aedat2Header = Array("#!AER-DAT2.0\r\n# test\r\n".utf8)
    static let aedat31Header = Array("#!AER-DAT3.1\r\n#Format: RAW\r\n#!END-HEADER\r\n".utf8)

    /// Little-endian polarity event bytes.
    static func polarity(x: UInt32, y: UInt32, p: UInt32, valid: Bool = true, t: Int32) -> [UInt8] {
        let data = x << 17 | y << 2 | p << 1 | (valid ? 1 : 0)
        return withUnsafeBytes(of: data.littleEndian) { Array($0) } + withUnsafeBytes(of: t.littleEndian) { Array($0) }
    }

    static func packet(type: Int16 = 1, size: Int32 = 8, tsOffset: Int32 = 4, overflow: Int32 = 0, capacity: Int32,
                       number: Int32? = nil, valid: Int32? = nil) -> [UInt8] {
        AEDAT31PacketHeader(eventType: type, eventSource: 1, eventSize: size, eventTSOffset: tsOffset,
                            eventTSOverflow: overflow, eventCapacity: capacity, eventNumber: number ?? capacity,
                            eventValid: valid ?? number ?? capacity).bytes
    }

    /// Reads all events in chunks of `maxEvents`, checking the chunk-size contract.
    static func readAll(_ reader: some EventReader, maxEvents: Int) throws -> (events: EventChunk, sizesOK: Bool) {
        var all = EventChunk()
        var ok = true
        while let chunk = try reader.nextChunk(maxEvents: maxEvents) {
            ok = ok && chunk.count > 0 && chunk.count <= maxEvents
            all.append(contentsOf: chunk)
        }
        return (all, ok)
    }
}
