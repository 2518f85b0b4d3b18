import Foundation
import SpikeTestSupport
import Testing

/// Decodes GIFs with Pillow through `scripts/pillow_decode_gif.py`; without Pillow the tests that need it are
/// skipped with a visible reason.
enum Pillow {
    static let available = PythonRunner.canImport("PIL")
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
        let (status, output) = try PythonRunner.run([RepoPaths.root + "/scripts/pillow_decode_gif.py", path])
        guard status == 0 else { throw DecodeFailure(output: output) }
        return try JSONDecoder().decode(Decoded.self, from: Data(output.utf8))
    }

    struct DecodeFailure: Error, CustomStringConvertible {
        let output: String
        var description: String { "Pillow could not decode the GIF: \(output)" }
    }
}
