import SpikeEvents
import SpikeFormats

/// One input's bytes to results: its decoder, its session (network state, transforms' memory, windows) and its
/// statistics. The file/pipe runner, each server connection and the network-stream client own one each, so no
/// two inputs share state.
public struct StreamFeed {
    public private(set) var decoder: any EventStreamDecoder
    public private(set) var session: StreamSession
    public private(set) var stats = StreamStats()

    /// A feed on `decoder`'s sensor.
    public init(model: StreamModel, decoder: any EventStreamDecoder,
                limits: StreamSession.Limits = .init()) throws(StreamError) {
        self.decoder = decoder
        session = try StreamSession(model: model, sensor: decoder.sensorSize, limits: limits)
    }

    /// A feed decoding `options.format`.
    public init(model: StreamModel, options: StreamRunner.Options) throws(StreamError) {
        try self.init(model: model, decoder: options.format.makeDecoder(source: options.source,
                                                                       orientation: options.orientation,
                                                                       audio: options.audio),
                      limits: options.limits)
    }

    /// Decodes the next bytes of the input; the events they complete.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(StreamError) -> EventChunk {
        let events: EventChunk
        do { events = try decoder.push(bytes) } catch { throw .decode(error) }
        stats.events += events.count
        return events
    }

    /// The input ended: the events the decoder still held.
    public mutating func decodeTail() throws(StreamError) -> EventChunk {
        let events: EventChunk
        do { events = try decoder.finish() } catch { throw .decode(error) }
        stats.events += events.count
        return events
    }

    /// Starts decoding a new input (a reconnection) with `decoder`, keeping the session and statistics.
    public mutating func restart(decoder: any EventStreamDecoder) { self.decoder = decoder }

    /// Runs decoded events through the session; `emit` gets every result (also counted in `stats`).
    public mutating func push(_ events: EventChunk, arrival: ContinuousClock.Instant,
                              emit: (StreamOutput) throws(StreamError) -> Void) throws(StreamError) {
        var stats = self.stats
        defer { self.stats = stats }
        try session.push(events, arrival: arrival) { (output) throws(StreamError) in
            stats.record(output)
            try emit(output)
        }
    }

    /// Ends the current sample (see `StreamSession.endSample`).
    public mutating func endSample(arrival: ContinuousClock.Instant,
                                   emit: (StreamOutput) throws(StreamError) -> Void) throws(StreamError) {
        var stats = self.stats
        defer { self.stats = stats }
        try session.endSample(arrival: arrival) { (output) throws(StreamError) in
            stats.record(output)
            try emit(output)
        }
    }

    /// The input ended: its held-back events, then the end of the sample.
    public mutating func finish(emit: (StreamOutput) throws(StreamError) -> Void) throws(StreamError) {
        let tail = try decodeTail()
        let end = ContinuousClock.now
        try push(tail, arrival: end, emit: emit)
        try endSample(arrival: end, emit: emit)
    }

    /// Sets the run's duration (statistics).
    public mutating func setSeconds(_ seconds: Double) { stats.seconds = seconds }
}
