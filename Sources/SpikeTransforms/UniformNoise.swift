import SpikeEvents

/// Adds `n` noise events, each uniform over the sensor's columns, rows and polarities and over `[t_min, t_max)`
/// of the input (truncated to whole µs), then merges them into time order (tonic 1.7 `UniformNoise` with a
/// fixed n). tonic sorts with an unstable quicksort; we merge stably, input events first at equal times.
/// O(n log n) for the noise plus one O(N + n) merge.
public struct UniformNoise: RandomTransform {
    public static let name = "uniformNoise"
    public static let help = "uniformNoise:n=N — add N events uniform over the sensor and the time span "
        + "(augmentation)"

    public var n: Int

    public init(n: Int) { self.n = n }

    public func validate() throws(TransformError) {
        guard n >= 0, n <= 1 << 32 else { throw invalid("n", "must be in 0 … 2^32, got \(n)") }
    }

    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        try validate()
        let scan = try validateEvents(events, sensor: sensor, transform: Self.name)
        guard n > 0, !events.isEmpty else { return (events, sensor) }
        let input = events.sortedByTime()
        let span = Double(scan.maxTime - scan.minTime)
        var noise = EventChunk(capacity: n)
        for _ in 0..<n {
            noise.append(t: scan.minTime + Int64(random.uniform() * span),
                         x: UInt16(random.below(UInt64(sensor.width))), y: UInt16(random.below(UInt64(sensor.height))),
                         p: UInt8(random.below(UInt64(sensor.polarities))))
        }
        noise = noise.sortedByTime()
        let merged = input.withColumns { a in
            noise.withColumns { b in
                EventChunk(unsafeUninitializedCapacity: a.count + b.count) { columns in
                    let out = EventSink(columns)
                    var (i, j) = (0, 0)
                    for k in 0..<(a.count + b.count) {
                        if j == b.count || (i < a.count && a.t[i] <= b.t[j]) {
                            out.put(k, a, i)
                            i += 1
                        } else {
                            out.put(k, b, j)
                            j += 1
                        }
                    }
                    return a.count + b.count
                }
            }
        }
        return (merged, sensor)
    }
}
