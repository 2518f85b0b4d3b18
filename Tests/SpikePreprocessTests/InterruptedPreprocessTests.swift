import Foundation
import SpikeCache
import SpikeDatasets
import SpikeTestSupport
import Testing

/// Kills a real `spikestream preprocess` process with SIGKILL half way, runs it again, and checks that it
/// resumed and produced a cache identical to an uninterrupted run.
@Suite("Preprocess killed half way")
struct InterruptedPreprocessTests {
    static let executable = SpikeStreamCLI.path

    /// Runs the CLI; returns (exit status, stdout). `onStderrLine` may kill the process.
    static func run(_ arguments: [String], onStderrLine: ((String, Process) -> Void)? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable!)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var pending = Data()
        while case let data = err.fileHandleForReading.availableData, !data.isEmpty {
            pending.append(data)
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                onStderrLine?(line, process)
            }
        }
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, stdout)
    }

    /// Runs the CLI and SIGKILLs it at the first progress line `after` from its start; returns how many samples
    /// it had done then (0 when it finished first) and its exit status.
    /// With `beyond`, it waits until the count passes it, so a loaded machine cannot make a run end before it did
    /// anything new.
    static func killed(_ arguments: [String], after delay: Duration, beyond: Int = 0) throws -> (done: Int, status: Int32) {
        var killedAt = 0
        let started = ContinuousClock.now
        let (status, _) = try run(arguments) { line, process in
            // Progress lines look like "preprocess 212/300 (70.7%) …".
            guard killedAt == 0, ContinuousClock.now - started > delay,
                  let done = line.split(separator: " ").dropFirst().first?.split(separator: "/").first,
                  let count = Int(done), count > beyond else { return }
            killedAt = count
            kill(process.processIdentifier, SIGKILL)
        }
        return (killedAt, status)
    }

    /// The `resumed after N` count a finished run reports (0 when it started from scratch).
    static func resumedAfter(_ output: String) -> Int {
        output.firstMatch(of: /resumed after (\d+)/).flatMap { Int($0.1) } ?? 0
    }

    @Test("SIGKILL mid-run, then resume: same contents as an uninterrupted run",
          .enabled(if: executable != nil, "SKIPPED: the spikestream executable is not built next to the tests"))
    func killAndResume() async throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-kill") + "/nmnist"
        try await SyntheticNMNIST(root: root, configuration: .init(trainPerClass: 25, testPerClass: 5, seed: 9)).generate()
        // zstd level 19 and one worker make the run slow enough to be killed in the middle.
        let common = ["preprocess", "--root", root, "--time-bins", "16", "--workers", "1", "--level", "19"]
        let out = root + "-killed.h5"

        // The writer commits at least once a second, so after 2.5 s some samples are committed: kill then.
        let (killedAt, status) = try Self.killed(common + ["--out", out], after: .milliseconds(2500))
        #expect(status == SIGKILL, "the first run finished before it could be killed")
        #expect(killedAt > 0 && killedAt < 300)
        #expect(FileManager.default.fileExists(atPath: out + ".partial"))
        #expect(!FileManager.default.fileExists(atPath: out))

        let (resumeStatus, resumeOutput) = try Self.run(common + ["--out", out])
        #expect(resumeStatus == 0)
        let resumedAfter = Self.resumedAfter(resumeOutput)
        #expect(resumedAfter > 0 && resumedAfter <= killedAt, "\(resumeOutput)")

        let (cleanStatus, _) = try Self.run(["preprocess", "--root", root, "--time-bins", "16", "--out", root + "-clean.h5"])
        #expect(cleanStatus == 0)
        let resumed = try CacheReader(path: out)
        #expect(resumed.count == 300)
        #expect(try resumed.contentDigest() == CacheReader(path: root + "-clean.h5").contentDigest())
    }

    /// The `/events` chunks are compressed before each commit opens the file, so a kill finds it closed and every
    /// rerun resumes where the last commit ended (before, most reruns found it open and started over).
    @Test("--store-events: four SIGKILLs at different moments, each rerun resumes; the result equals a clean run",
          .enabled(if: executable != nil, "SKIPPED: the spikestream executable is not built next to the tests"))
    func storeEventsKillsResume() async throws {
        let root = try RepoPaths.temporaryDirectory("spikestream-kill-events") + "/nmnist"
        try await SyntheticNMNIST(root: root, configuration: .init(trainPerClass: 25, testPerClass: 5, seed: 11)).generate()
        let common = ["preprocess", "--root", root, "--time-bins", "16", "--store-events"]
        let out = root + "-killed.h5"
        var lastKilledAt = 0
        for (k, delay) in [1300, 1700, 1100, 1500].enumerated() {
            let (killedAt, status) = try Self.killed(common + ["--workers", "1", "--level", "19", "--out", out],
                                                     after: .milliseconds(delay), beyond: lastKilledAt)
            #expect(status == SIGKILL, "run \(k) finished before it could be killed")
            lastKilledAt = killedAt
            // Closed between commits: libhdf5 opens it (a file killed while open is refused as "already open").
            #expect(throws: CacheError.incomplete(path: out + ".partial")) { try CacheReader(path: out + ".partial") }
        }
        let (status, output) = try Self.run(common + ["--workers", "1", "--level", "19", "--out", out])
        #expect(status == 0)
        #expect(!output.contains("discarded"), "\(output)")
        let resumedAfter = Self.resumedAfter(output)
        #expect(resumedAfter > 0 && resumedAfter <= lastKilledAt, "\(output)")
        let (cleanStatus, _) = try Self.run(common + ["--out", root + "-clean.h5"])
        #expect(cleanStatus == 0)
        let resumed = try CacheReader(path: out)
        #expect(resumed.count == 300 && resumed.hasEvents)
        #expect(try resumed.contentDigest() == CacheReader(path: root + "-clean.h5").contentDigest())
    }
}
