import Foundation

/// Runs a program to its end and returns its exit status and combined stdout + stderr.
public enum Subprocess {
    /// `input`: a file to read as its standard input (else it inherits this process's).
    public static func run(_ executable: String, _ arguments: [String],
                           input: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let input { process.standardInput = FileHandle(forReadingAtPath: input) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
