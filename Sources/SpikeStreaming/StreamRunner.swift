#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SpikeAudio
import SpikeEvents
import SpikeFormats

/// Runs a byte stream (a file, standard input, a client socket) through decoding, windowing and the network,
/// writing one JSON line per window and per sample to a sink. Blocking: run it on a dedicated thread.
public struct StreamRunner: Sendable {
    public struct Options: Sendable {
        public var format: StreamFormat
        /// Names the input in error messages.
        public var source: String
        /// Replay speed (× real time) for recorded input; `nil` = as fast as it can be read.
        public var speed: Double?
        /// Bytes per read (the bounded read buffer).
        public var readBufferBytes: Int
        public var limits: StreamSession.Limits
        public var orientation: DVS128Orientation
        public var audio: AudioEventEncoding

        public init(format: StreamFormat, source: String, speed: Double? = nil, readBufferBytes: Int = 1 << 16,
                    limits: StreamSession.Limits = .init(), orientation: DVS128Orientation = .standard,
                    audio: AudioEventEncoding = AudioEventEncoding()) {
            self.format = format
            self.source = source
            self.speed = speed
            self.readBufferBytes = readBufferBytes
            self.limits = limits
            self.orientation = orientation
            self.audio = audio
        }
    }

    public let model: StreamModel
    public let options: Options

    public init(model: StreamModel, options: Options) {
        self.model = model
        self.options = options
    }

    /// Reads `fd` to its end. The end of input ends the last sample; a request on `resets` ends the current
    /// sample between two reads. Returns the run's statistics; throws on malformed input (after the lines of
    /// the windows before it were written) and on I/O errors.
    public func run(fd: Int32, sink: some LineSink, resets: ResetSignal? = nil,
                    stats: inout StreamStats) throws(StreamError) {
        let started = ContinuousClock.now
        var feed = try StreamFeed(model: model, options: options)
        defer {
            feed.setSeconds(started.duration(to: .now).secondsValue)
            stats = feed.stats
        }
        var pacer = options.speed.map { ReplayPacer(speed: $0) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, options.readBufferBytes), alignment: 8)
        defer { buffer.deallocate() }
        func emit(_ output: StreamOutput) throws(StreamError) { try sink.write(line: output.jsonLine) }
        func feedPaced(_ events: EventChunk, _ arrival: ContinuousClock.Instant) throws(StreamError) {
            guard var replay = pacer else { return try feed.push(events, arrival: arrival, emit: emit) }
            defer { pacer = replay }
            try replay.replay(events) { (slice, at) throws(StreamError) in
                // Replay sleeps between slices, so a reset can land inside one read.
                if resets?.take() == true { try feed.endSample(arrival: at, emit: emit) }
                try feed.push(slice, arrival: at, emit: emit)
            }
        }
        while true {
            let n = read(fd, buffer.baseAddress!, buffer.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "reading \(options.source)", reason: systemError())
            }
            let arrival = ContinuousClock.now
            // A reset requested while the read waited ends the sample before the bytes that arrived after it.
            if resets?.take() == true { try feed.endSample(arrival: arrival, emit: emit) }
            if n == 0 { break }
            try feedPaced(feed.decode(UnsafeRawBufferPointer(rebasing: buffer[0..<n])), arrival)
        }
        let tail = try feed.decodeTail()
        let end = ContinuousClock.now
        try feedPaced(tail, end)
        try feed.endSample(arrival: end, emit: emit)
    }
}

extension Duration {
    var secondsValue: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
