import Foundation
import Testing

/// Runs the committed h5py scripts; needs a Python with h5py, hdf5plugin and numpy (`SPIKESTREAM_PYTHON`,
/// else `python3`). Without one the tests are skipped with a visible reason.
public enum H5py {
    public static let python = ProcessInfo.processInfo.environment["SPIKESTREAM_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
    public static let available: Bool = (try? run(["-c", "import h5py, hdf5plugin, numpy"]).status) == 0
    public static let skipReason: Comment = "SKIPPED: no Python with h5py, hdf5plugin and numpy (set SPIKESTREAM_PYTHON): h5py interop did not run"

    public static func script(_ name: String) -> String { RepoPaths.root + "/scripts/" + name }

    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
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
