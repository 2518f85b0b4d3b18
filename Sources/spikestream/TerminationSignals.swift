#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// SIGTERM and SIGINT turned into a call instead of the default kill, so `stream --listen` can drain its
/// clients and `stream --connect` can end its sample before the process exits.
enum TerminationSignals {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    /// Calls `action` with the signal number on the first SIGTERM or SIGINT; a second one kills as usual.
    static func onFirst(_ action: @escaping @Sendable (Int32) -> Void) {
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                for other in [SIGTERM, SIGINT] { signal(other, SIG_DFL) }
                action(number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
