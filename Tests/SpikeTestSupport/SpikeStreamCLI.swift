import Foundation

/// The `spikestream` executable the tests run as a real process: built next to the test bundle by
/// `swift build --build-tests`, else `.build/debug/spikestream`; `nil` (tests skipped) when neither exists.
public enum SpikeStreamCLI {
    public static let path: String? = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("spikestream").path
        let candidates = [besideTests, RepoPaths.root + "/.build/debug/spikestream"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Runs `spikestream arguments…`, with the file `input` as its standard input when given (the executable must
    /// exist: check `path` first).
    public static func run(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        try Subprocess.run(path!, arguments, input: input)
    }
}
