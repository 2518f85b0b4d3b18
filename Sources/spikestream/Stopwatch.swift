import Foundation

/// Wall time and this thread's CPU time between `start()` and `stop()`, for benchmarks on a shared machine.
struct Stopwatch {
    private(set) var wall = 0.0
    private(set) var cpu = 0.0
    private var wallStart = ContinuousClock.now
    private var cpuStart = 0.0

    mutating func start() {
        cpuStart = Self.threadCPUSeconds()
        wallStart = ContinuousClock.now
    }

    mutating func stop() {
        wall = (ContinuousClock.now - wallStart).seconds
        cpu = Self.threadCPUSeconds() - cpuStart
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    struct Medians {
        let wall: Double
        let cpu: Double

        /// The JSON fields of a bench result: wall seconds and events/s, and events per CPU second.
        func fields(events: Int) -> [String: Double] {
            ["events": Double(events), "seconds": wall, "events_per_s": Double(events) / wall,
             "cpu_seconds": cpu, "cpu_events_per_s": Double(events) / cpu]
        }
    }
}
