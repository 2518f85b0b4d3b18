#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// SIGTERM and SIGINT turned into a call instead of the default kill, so `stream --listen` can drain its
/// clients and `stream --connect` can end its sample before the process exits. The handler only writes the
/// signal number to a pipe (async-signal-safe, whichever thread the kernel picks); a thread of its own reads it
/// and calls the action.
enum TerminationSignals {
    /// Calls `action` with the signal number on the first SIGTERM or SIGINT; a second one kills as usual.
    static func onFirst(_ action: @escaping @Sendable (Int32) -> Void) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { return }
        signalPipeWriteEnd = fds[1]
        let readEnd = fds[0]
        for number in [SIGTERM, SIGINT] {
            signal(number) { number in
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(signalPipeWriteEnd, &byte, 1)
            }
        }
        let thread = Thread {
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) < 0 && errno == EINTR {}
            signal(SIGTERM, SIG_DFL)
            signal(SIGINT, SIG_DFL)
            action(Int32(byte))
        }
        thread.name = "spikestream-signals"
        thread.start()
    }
}

/// The write end of the signal pipe, set once before the handlers are installed.
nonisolated(unsafe) private var signalPipeWriteEnd: Int32 = -1

/// When the termination signal came, for the drain's report.
final class SignalTime: Sendable {
    private let instant = Mutex<ContinuousClock.Instant?>(nil)

    func mark() { instant.withLock { $0 = .now } }

    /// Time since the signal; `nil` when none came.
    var elapsed: Duration? { instant.withLock { $0 }.map { $0.duration(to: .now) } }
}
