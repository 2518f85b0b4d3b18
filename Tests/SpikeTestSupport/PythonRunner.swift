import Foundation

/// Runs the Python that interop tests use: `$SPIKESTREAM_PYTHON` (scripts/test points it at scripts/.venv),
/// else `python3` from the PATH.
public enum PythonRunner {
    public static let python = ProcessInfo.processInfo.environment["SPIKESTREAM_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"

    /// Runs `python arguments…` and returns its exit status and combined stdout + stderr.
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

    /// Whether `python -c "import modules"` succeeds.
    public static func canImport(_ modules: String) -> Bool {
        (try? run(["-c", "import \(modules)"]).status) == 0
    }
}
