import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Fetches one URL into a file through Foundation's URLSession (libcurl on Linux), writing `FILE.partial` and renaming
/// it when complete. A `.partial` left by an interrupted run is resumed with an HTTP `Range` request; a transfer that
/// breaks off is retried from where it stopped, `attempts` times in all.
public struct HTTPDownloader: Sendable {
    public var attempts: Int
    /// Seconds without data before a request gives up.
    public var timeout: Double

    public init(attempts: Int = 4, timeout: Double = 60) {
        self.attempts = attempts
        self.timeout = timeout
    }

    /// Why one transfer failed, before the caller turns it into a `DownloadError` that names the dataset.
    public enum Failure: Error, Equatable {
        case unreachable(reason: String)
        case status(Int)
        case interrupted(reason: String)
        case fileSystem(path: String, reason: String)
    }

    public func fetch(_ url: URL, to path: String, name: String,
                      progress: @escaping @Sendable (DownloadProgress) -> Void) async throws(Failure) {
        let partial = path + ".partial"
        var last = Failure.interrupted(reason: "no attempt made")
        for _ in 0..<max(1, attempts) {
            do {
                try await attempt(url, partial: partial, name: name, progress: progress)
                do { try FileManager.default.moveItem(atPath: partial, toPath: path) } catch {
                    throw Failure.fileSystem(path: path, reason: error.localizedDescription)
                }
                return
            } catch let failure as Failure {
                switch failure {
                case .interrupted: last = failure  // resume from what reached the disk
                default:
                    Self.removeIfEmpty(partial)
                    throw failure
                }
            } catch {
                throw .interrupted(reason: "\(error)")
            }
        }
        Self.removeIfEmpty(partial)
        throw last
    }

    /// A `.partial` that received nothing is not worth keeping for a resume.
    private static func removeIfEmpty(_ path: String) {
        let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value
        if size == 0 { try? FileManager.default.removeItem(atPath: path) }
    }

    private func attempt(_ url: URL, partial: String, name: String,
                         progress: @escaping @Sendable (DownloadProgress) -> Void) async throws {
        let fm = FileManager.default
        if !fm.fileExists(atPath: partial), !fm.createFile(atPath: partial, contents: nil) {
            throw Failure.fileSystem(path: partial, reason: "cannot create the file")
        }
        let existing = ((try? fm.attributesOfItem(atPath: partial))?[.size] as? NSNumber)?.int64Value ?? 0
        var request = URLRequest(url: url, timeoutInterval: timeout)
        if existing > 0 { request.setValue("bytes=\(existing)-", forHTTPHeaderField: "Range") }
        let transfer = try Transfer(partial: partial, existing: existing, name: name, progress: progress)
        let session = URLSession(configuration: .ephemeral, delegate: transfer, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            transfer.start(session.dataTask(with: request), continuation: continuation)
        }
    }
}

/// One request's delegate: appends the body to the `.partial` file and reports progress; resumes the caller when
/// the task ends. URLSession calls it on its own serial queue; the state sits behind a lock all the same.
private final class Transfer: NSObject, URLSessionDataDelegate, Sendable {
    private struct State {
        var handle: FileHandle
        var bytes: Int64
        var total: Int64?
        var failure: HTTPDownloader.Failure?
        var lastReport: Double = -.infinity
        var continuation: CheckedContinuation<Void, any Error>?
    }

    private let partial: String
    private let existing: Int64
    private let name: String
    private let progress: @Sendable (DownloadProgress) -> Void
    private let start = ContinuousClock.now
    private let state: Mutex<State>

    init(partial: String, existing: Int64, name: String,
         progress: @escaping @Sendable (DownloadProgress) -> Void) throws {
        guard let handle = FileHandle(forWritingAtPath: partial) else {
            throw HTTPDownloader.Failure.fileSystem(path: partial, reason: "cannot open it for writing")
        }
        handle.seekToEndOfFile()
        self.partial = partial
        self.existing = existing
        self.name = name
        self.progress = progress
        state = Mutex(State(handle: handle, bytes: existing))
    }

    func start(_ task: URLSessionDataTask, continuation: CheckedContinuation<Void, any Error>) {
        state.withLock { $0.continuation = continuation }
        task.resume()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let status = (response as? HTTPURLResponse)?.statusCode ?? 200
        let length = response.expectedContentLength
        let allow: Bool = state.withLock { s in
            switch status {
            case 206:  // the rest of the file, after what is on disk
                s.total = length >= 0 ? existing + length : nil
            case 200:  // the whole file: the server ignored the range (or none was asked); start over
                s.handle.truncateFile(atOffset: 0)
                s.bytes = 0
                s.total = length >= 0 ? length : nil
            case 416:  // the range starts past the end: what is on disk is not this file's start; start over
                s.handle.truncateFile(atOffset: 0)
                s.failure = .interrupted(reason: "the server refused to resume (HTTP 416)")
                return false
            default:
                s.failure = .status(status)
                return false
            }
            return true
        }
        completionHandler(allow ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let report: DownloadProgress? = state.withLock { s in
            guard s.failure == nil else { return nil }
            do { try s.handle.write(contentsOf: data) } catch {
                s.failure = .fileSystem(path: partial, reason: error.localizedDescription)
                dataTask.cancel()
                return nil
            }
            s.bytes += Int64(data.count)
            let now = elapsed()
            guard now - s.lastReport >= 0.25 else { return nil }
            s.lastReport = now
            return DownloadProgress(file: name, bytes: s.bytes, total: s.total, resumedFrom: existing, elapsed: now)
        }
        if let report { progress(report) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (continuation, outcome, report): (CheckedContinuation<Void, any Error>?, Result<Void, any Error>,
                                              DownloadProgress) = state.withLock { s in
            try? s.handle.synchronize()
            try? s.handle.close()
            let report = DownloadProgress(file: name, bytes: s.bytes, total: s.total, resumedFrom: existing,
                                          elapsed: elapsed())
            let outcome: Result<Void, any Error>
            if let failure = s.failure {
                outcome = .failure(failure)
            } else if let error {
                outcome = .failure(Self.classify(error, receivedAny: s.bytes > existing))
            } else if let total = s.total, s.bytes != total {
                outcome = .failure(HTTPDownloader.Failure.interrupted(
                    reason: "the connection closed after \(s.bytes) of \(total) bytes"))
            } else {
                outcome = .success(())
            }
            defer { s.continuation = nil }
            return (s.continuation, outcome, report)
        }
        if case .success = outcome { progress(report) }  // the closing line; a failure is reported by its error
        continuation?.resume(with: outcome)
    }

    private func elapsed() -> Double {
        let duration = start.duration(to: .now).components
        return Double(duration.seconds) + Double(duration.attoseconds) * 1e-18
    }

    /// No connection at all is `.unreachable` (not retried); one that breaks off is `.interrupted` (resumed).
    private static func classify(_ error: any Error, receivedAny: Bool) -> HTTPDownloader.Failure {
        let reason = (error as NSError).localizedDescription
        guard let urlError = error as? URLError, !receivedAny else { return .interrupted(reason: reason) }
        switch urlError.code {
        case .cannotFindHost, .cannotConnectToHost, .notConnectedToInternet, .dnsLookupFailed, .timedOut,
             .secureConnectionFailed, .serverCertificateUntrusted:
            return .unreachable(reason: reason)
        default:
            return .interrupted(reason: reason)
        }
    }
}
