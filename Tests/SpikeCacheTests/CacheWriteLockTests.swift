import Foundation
@testable import SpikeCache
import SpikeEvents
import SpikeTestSupport
import Testing

@Suite("Cache writer lock")
struct CacheWriteLockTests {
    /// A Python process holding an exclusive lock on `path` (`kind`: "flock" as libhdf5 takes, or "lockf", a POSIX
    /// record lock as `CacheWriteLock` takes) until `release()`.
    final class OtherProcessLock {
        let process = Process()
        private let input = Pipe()

        init(_ path: String, kind: String) throws {
            let output = Pipe()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", """
                import fcntl, sys
                f = open(sys.argv[1], 'a+')
                getattr(fcntl, sys.argv[2])(f, fcntl.LOCK_EX)
                print('locked', flush=True)
                sys.stdin.read()
                """, path, kind]
            process.standardInput = input
            process.standardOutput = output
            try process.run()
            let line = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            guard line.hasPrefix("locked") else { throw CocoaError(.fileLocking) }
        }

        func release() throws {
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    @Test("a second writer of the same cache in this process is refused until the first finishes")
    func secondWriterHereRefused() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-lock")
        let config = CacheFixtures.configuration(path: dir + "/c.h5", dtype: .uint8, fixedT: 2)
        let first = try await CacheWriter.open(config)
        await #expect(throws: CacheError.busy(path: config.partialPath, holder: "this process")) {
            _ = try await CacheWriter.open(config)
        }
        #expect(FileManager.default.fileExists(atPath: config.partialPath + ".lock"))
        try await CacheFixtures.append(CacheFixtures.items(.uint8, count: 3, fixedT: 2), to: first)
        try await first.finish()
        #expect(!FileManager.default.fileExists(atPath: config.partialPath + ".lock"))
        #expect(try CacheReader(path: config.path).count == 3)

        let again = CacheFixtures.configuration(path: dir + "/c.h5", dtype: .uint8, fixedT: 2, key: "other")
        let second = try await CacheWriter.open(again)  // the lock is free again
        #expect(await second.openStatus == .created)
    }

    @Test("a writer of the same cache in another process is refused with its process id")
    func writerElsewhereRefused() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-lock")
        let config = CacheFixtures.configuration(path: dir + "/c.h5", dtype: .uint8, fixedT: 2)
        let other = try OtherProcessLock(config.partialPath + ".lock", kind: "lockf")
        await #expect(throws: CacheError.busy(path: config.partialPath, holder: "process \(other.process.processIdentifier)")) {
            _ = try await CacheWriter.open(config)
        }
        try other.release()
        let writer = try await CacheWriter.open(config)  // a lock file left by a dead writer is taken over
        try await CacheFixtures.append(CacheFixtures.items(.uint8, count: 2, fixedT: 2), to: writer)
        try await writer.finish()
        #expect(try CacheReader(path: config.path).count == 2)
    }

    /// The CI failure this guards against: a child process forked while a commit had the partial file open kept
    /// libhdf5's `flock` on it, and the next commit's reopen failed with EAGAIN. Here another process holds
    /// such a lock for the whole run; commits, resume and reads must not care.
    @Test("an flock held on the partial file by another process does not stop commits or the resume")
    func foreignFlockIgnored() async throws {
        let dir = try RepoPaths.temporaryDirectory("cache-lock")
        let config = CacheFixtures.configuration(path: dir + "/c.h5", dtype: .uint16, fixedT: nil, commitEvery: 2)
        let items = CacheFixtures.items(.uint16, count: 9, fixedT: nil)
        let reference = try await CacheFixtures.write(items, CacheFixtures.configuration(path: dir + "/ref.h5", dtype: .uint16, fixedT: nil))
        do {
            let writer = try await CacheWriter.open(config)
            try await CacheFixtures.append(items[0..<5], to: writer)  // two commits, one sample pending
            #expect(await writer.committedCount == 4)
        }
        let other = try OtherProcessLock(config.partialPath, kind: "flock")
        defer { try? other.release() }
        let writer = try await CacheWriter.open(config)
        #expect(await writer.openStatus == .resumed(committedCount: 4))
        try await CacheFixtures.append(items[4...], to: writer)
        try await writer.finish()
        #expect(try CacheReader(path: config.path).contentDigest() == CacheReader(path: reference).contentDigest())
    }
}
