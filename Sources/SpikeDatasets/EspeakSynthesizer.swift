import Foundation
import SpikeEvents
import SpikeFormats

/// The espeak-ng speech synthesiser, run as a separate program (Debian package `espeak-ng`; never linked):
/// one word in one voice at one speed and pitch → mono audio at espeak-ng's rate (22 050 Hz).
public struct EspeakSynthesizer: Sendable {
    /// The program's path.
    public let program: String

    /// Finds `program` (a path, or a name looked up on `PATH`).
    public init(program: String = "espeak-ng") throws(SyntheticSpeechError) {
        let candidates = program.contains("/") ? [program]
            : (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/\(program)" }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw .synthesizerMissing(program: program)
        }
        self.program = found
    }

    /// `text` spoken by `voice` (an espeak-ng voice with an optional `+variant`, e.g. `en-gb+f3`) at
    /// `wordsPerMinute` and `pitch` (0…99), through the scratch WAV file `scratch`, which is removed after.
    public func speak(_ text: String, voice: String, wordsPerMinute: Int, pitch: Int,
                      scratch: String) throws(SyntheticSpeechError) -> AudioChunk {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-v", voice, "-s", "\(wordsPerMinute)", "-p", "\(pitch)", "-w", scratch, text]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        do { try process.run() } catch {
            throw .synthesisFailed(word: text, voice: voice, reason: "\(program) did not start: \(readableReason(error))")
        }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw .synthesisFailed(word: text, voice: voice, reason: "exit status \(process.terminationStatus): \(message)")
        }
        do throws(EventFileError) {
            return try WAVReader(path: scratch).readAll()
        } catch {
            throw .synthesisFailed(word: text, voice: voice, reason: "its WAV output is unreadable: \(error)")
        }
    }
}
