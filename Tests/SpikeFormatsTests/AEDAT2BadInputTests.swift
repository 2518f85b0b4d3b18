import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing

@Suite("AEDAT 2.0 reader on bad input")
struct AEDAT2BadInputTests {
    private func openError(_ bytes: [UInt8]) throws -> EventFileError? {
        let path = try AEDATTestFiles.write(bytes)
        do {
            _ = try AEDAT2Reader(path: path).readAll(chunkSize: 3)
            return nil
        } catch let error as EventFileError {
            return error
        }
    }

    @Test("an empty file is named as empty")
    func empty() throws {
        let error = try openError([])
        guard case .emptyFile = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test("a file without the version line is not AEDAT, at offset 0")
    func noVersionLine() throws {
        for bytes in [Array("# comment\r\n".utf8), [0, 0, 0, 2, 0, 0, 0, 1], Array("#!AER-DAT2.0".utf8)] {
            let error = try openError(bytes)
            guard case .malformed(_, 0, let reason) = error else { Issue.record("got \(String(describing: error))"); continue }
            #expect(reason.contains("#!AER-DAT"))
        }
    }

    @Test("an AEDAT 3.1 file is refused with a pointer to the right reader")
    func wrongVersion() throws {
        let error = try openError(AEDATTestFiles.aedat31Header)
        guard case .malformed(_, 0, let reason) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.contains("AEDAT 3.1"))
    }

    @Test("a trailing partial record names its offset", arguments: [1, 4, 7])
    func trailingPartialRecord(extra: Int) throws {
        let header = AEDATTestFiles.aedat2Header
        let bytes = header + AEDATTestFiles.record(2, 1) + [UInt8](repeating: 0, count: extra)
        let error = try openError(bytes)
        #expect(error == .truncatedRecord(path: error.map(path) ?? "", offset: Int64(header.count + 8),
                                          recordSize: 8, bytesLeft: extra))
        #expect(error?.description.contains("offset \(header.count + 8)") == true)
    }

    @Test("an unterminated header line at the end is treated as data and reported as truncated")
    func unterminatedHeaderLine() throws {
        let error = try openError(Array("#!AER-DAT2.0\r\n# cut".utf8))
        #expect(error == .truncatedRecord(path: error.map(path) ?? "", offset: 14, recordSize: 8, bytesLeft: 5))
    }

    @Test("random bytes after a valid header decode or fail with a typed error, never crash")
    func randomBytes() throws {
        var state: UInt64 = 0x1234_5678
        for length in 0..<200 {
            var bytes = AEDATTestFiles.aedat2Header
            for _ in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(UInt8(truncatingIfNeeded: state >> 33))
            }
            let path = try AEDATTestFiles.write(bytes)
            do {
                let events = try AEDAT2Reader(path: path).readAll(chunkSize: 5)
                #expect(length % 8 == 0 && events.count <= length / 8)
                #expect(events.x.allSatisfy { $0 < 128 } && events.y.allSatisfy { $0 < 128 })
            } catch let error as EventFileError {
                #expect(length % 8 != 0, "\(error)")
            }
        }
    }

    private func path(_ error: EventFileError) -> String {
        switch error {
        case .truncatedRecord(let path, _, _, _), .malformed(let path, _, _), .emptyFile(let path): path
        default: ""
        }
    }
}
