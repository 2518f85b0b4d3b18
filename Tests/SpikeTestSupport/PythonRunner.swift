import Foundation

/// Runs the Python that interop tests use: `$SPIKESTREAM_PYTHON` (scripts/test points it at scripts/.venv),
/// else `python3` from the PATH.
public enum PythonRunner {
    public static let python = ProcessInfo.processInfo.environment["SPIKESTREAM_PYTHON"].flatMap { $0.isEmpty ? nil : $0 } ?? "python3"

    /// Runs `python arguments…` and returns its exit status and combined stdout + stderr.
    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Subprocess.run("/usr/bin/env", [python] + arguments)
    }

    /// Whether `python -c "import modules"` succeeds.
    public static func canImport(_ modules: String) -> Bool {
        (try? run(["-c", "import \(modules)"]).status) == 0
    }
}
