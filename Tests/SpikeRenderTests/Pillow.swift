import Foundation
import SpikeTestSupport
import Testing

/// Decodes GIFs with Pillow through `scripts/pillow_decode_gif.py` (`SPIKESTREAM_PYTHON`, else `python3`);
/// without Pillow the tests that need it are skipped with a visible reason.
enum Pillow {
    static let python = ProcessInfo.processInfo.environment["SPIKESTREAM_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
    static let available: Bool = (try? run(["-c", "import PIL"]).status) == 0
    static let skipReason: Comment = "SKIPPED: no Python with Pillow (set SPIKESTREAM_PYTHON): GIF decoding by Pillow did not run"

    struct Decoded: Decodable {
        let format: String
        let version: String
        let size: [Int]
        let loop: Int?
        let durations: [Int?]
        /// Each frame's RGB bytes, hex.
        let frames: [String]
    }

    static func decode(_ path: String) throws -> Decoded {
        let (status, output) = try run([RepoPaths.root + "/scripts/pillow_decode_gif.py", path])
        guard status == 0 else { throw DecodeFailure(output: output) }
        return try JSONDecoder().decode(Decoded.self, from: Data(output.utf8))
    }

    struct DecodeFailure: Error, CustomStringConvertible {
        let output: String
        var description: String { "Pillow could not decode the GIF: \(output)" }
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
