import Foundation
import Synchronization

/// One progress line for every long command: done/total, rate, ETA and skipped count, redrawn on stderr at
/// most every `interval` seconds (or printed as plain lines when stderr is not a terminal), plus a summary.
public final class ProgressReporter: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var done: Int
        public var skipped: Int
        public var total: Int
        public var elapsed: Double
        /// Items per second since the start.
        public var rate: Double { elapsed > 0 ? Double(done) / elapsed : 0 }
        /// Seconds left at the current rate, or `nil` before there is a rate.
        public var eta: Double? { rate > 0 ? Double(max(0, total - done - skipped)) / rate : nil }
    }

    private struct State {
        var done = 0
        var skipped = 0
        var lastDraw: Double = -.infinity
        var note = ""
    }

    private let label: String
    private let unit: String
    private let total: Int
    private let interval: Double
    private let start = ContinuousClock.now
    private let state = Mutex(State())
    private let sink: @Sendable (String, Bool) -> Void

    /// - Parameter sink: receives each line and whether it is a redraw of the same line (tests capture it).
    public init(label: String, unit: String = "samples", total: Int, interval: Double = 0.5,
                sink: (@Sendable (String, Bool) -> Void)? = nil) {
        self.label = label
        self.unit = unit
        self.total = total
        self.interval = interval
        self.sink = sink ?? ProgressReporter.stderrSink
    }

    /// Counts `done`/`skipped` items; `note` (e.g. a running loss) replaces the text shown after the ETA.
    public func advance(done: Int = 1, skipped: Int = 0, note: String? = nil) {
        let line: String? = state.withLock { s in
            s.done += done
            s.skipped += skipped
            if let note { s.note = note }
            let now = elapsed()
            guard now - s.lastDraw >= interval || s.done + s.skipped == total else { return nil }
            s.lastDraw = now
            let line = format(Snapshot(done: s.done, skipped: s.skipped, total: total, elapsed: now))
            return s.note.isEmpty ? line : line + "  " + s.note
        }
        if let line { sink(line, true) }
    }

    public var snapshot: Snapshot {
        state.withLock { Snapshot(done: $0.done, skipped: $0.skipped, total: total, elapsed: elapsed()) }
    }

    /// Prints the closing summary line and returns the final snapshot.
    @discardableResult
    public func finish() -> Snapshot {
        let s = snapshot
        sink("\(label): \(s.done) \(unit) in \(Self.duration(s.elapsed)) (\(Self.number(s.rate)) \(unit)/s)"
            + (s.skipped > 0 ? ", \(s.skipped) skipped" : ""), false)
        return s
    }

    func format(_ s: Snapshot) -> String {
        let percent = total > 0 ? 100.0 * Double(s.done + s.skipped) / Double(total) : 100
        var line = "\(label) \(s.done + s.skipped)/\(total) (\(String(format: "%.1f", percent))%)  "
            + "\(Self.number(s.rate)) \(unit)/s"
        if let eta = s.eta { line += "  ETA \(Self.duration(eta))" }
        if s.skipped > 0 { line += "  skipped \(s.skipped)" }
        return line
    }

    private func elapsed() -> Double { (ContinuousClock.now - start).seconds }

    static func number(_ x: Double) -> String {
        x >= 100 ? String(Int(x.rounded())) : String(format: "%.1f", x)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : s >= 60 ? String(format: "%d:%02d", s / 60, s % 60) : String(format: "%.1fs", seconds)
    }

    private static let isTerminal = isatty(STDERR_FILENO) != 0

    private static let terminalLine = Mutex(TerminalProgressLine())

    public static let stderrSink: @Sendable (String, Bool) -> Void = { line, redraw in
        let text = isTerminal ? terminalLine.withLock { $0.text(for: line, redraw: redraw) } : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Ends a progress line left open on the terminal, so what the command prints next starts a line of its own.
    public static func endOpenLine() {
        guard isTerminal else { return }
        FileHandle.standardError.write(Data(terminalLine.withLock { $0.end() }.utf8))
    }
}
