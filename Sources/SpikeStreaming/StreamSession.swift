import SpikeEvents
import SpikeNet
import SpikePipeline
import SpikeTransforms

/// Online inference over one stream of samples: events in (as they arrive), a result per closed window and
/// per finished sample out. The network's neuron state carries across the windows of a sample and is cleared
/// when the sample ends. A value used from one task; one session per connection.
///
/// The model's pre-cache transforms run on each pushed batch of events before windowing, with one
/// `PreCacheTransforms.RecordingState` per sample: the per-pixel memory of `denoise`, `refractory` and
/// `decimation` and the origin of `timeAlignment` carry across batches, so the sample's events are transformed
/// as offline (exceptions: `hotPixels` judges each batch alone, and tonic-compatible `denoise` differs for a
/// sample whose every event is at (0, 0); see `Denoise.makeState`).
public struct StreamSession {
    /// Limits that keep a session's memory bounded whatever the input.
    public struct Limits: Sendable {
        /// Most events one window may hold (more is an error, not a larger buffer).
        public var maxWindowEvents: Int
        /// Most empty windows a single timestamp jump may close.
        public var maxGapWindows: Int

        public init(maxWindowEvents: Int = 1 << 20, maxGapWindows: Int = 100_000) {
            self.maxWindowEvents = maxWindowEvents
            self.maxGapWindows = maxGapWindows
        }
    }

    public let model: StreamModel
    /// The sensor the incoming events are on (before transforms).
    public let inputSensor: SensorSize
    private let frameSensor: SensorSize
    private var network: Network
    private var state: StreamState
    private var windower: StreamWindower
    private var frames = FrameTensor(shape: FrameShape(timeSteps: 0, channels: 1, height: 1, width: 1),
                                     storage: .uint8([]))
    private var input: Tensor
    private var totals: [Float]
    private var sampleEvents = 0
    private var transformState = PreCacheTransforms.RecordingState()
    /// Index of the current sample.
    public private(set) var sample = 0

    public init(model: StreamModel, sensor: SensorSize, limits: Limits = Limits()) throws(StreamError) {
        self.model = model
        inputSensor = sensor
        frameSensor = try model.frameSensor(for: sensor)
        network = model.network
        state = network.makeStreamState()
        windower = StreamWindower(width: model.windowWidth, start: model.binning.start, end: model.binning.end,
                                  maxEvents: limits.maxWindowEvents, maxGapWindows: limits.maxGapWindows)
        input = Tensor(zeros: [1] + model.network.config.inputShape)
        totals = [Float](repeating: 0, count: model.network.outputShape.reduce(1, *))
    }

    /// Feeds events that arrived at `arrival`; emits a result for every window they close.
    public mutating func push(_ events: EventChunk, arrival: ContinuousClock.Instant,
                              emit: (StreamOutput) throws(StreamError) -> Void) throws(StreamError) {
        guard !events.isEmpty else { return }
        let transformed: EventChunk
        if model.transforms.isEmpty { transformed = events } else {
            do {
                transformed = try model.transforms.apply(events, sensor: inputSensor, state: &transformState).0
            } catch { throw .transform(error) }
        }
        for window in try windower.add(transformed) { try emit(.window(run(window, arrival: arrival))) }
    }

    /// Ends the sample (end of input, a reset, a closed connection): closes the open window, emits the sample's
    /// decision and clears the neuron state for the next sample.
    public mutating func endSample(arrival: ContinuousClock.Instant,
                                   emit: (StreamOutput) throws(StreamError) -> Void) throws(StreamError) {
        for window in try windower.finish() { try emit(.window(run(window, arrival: arrival))) }
        let decided = sampleEvents > 0 ? decision(totals) : nil
        let result = SampleResult(sample: sample, windows: windower.index, events: sampleEvents,
                                  lateEvents: windower.lateEvents, prediction: decided?.prediction,
                                  confidence: decided?.confidence, spikeCounts: totals)
        windower.reset()
        state.reset()
        transformState = PreCacheTransforms.RecordingState()
        totals = totals.map { _ in 0 }
        sampleEvents = 0
        sample += 1
        try emit(.sampleEnd(result))
    }

    /// Bins one window into one frame and steps the network through it.
    private mutating func run(_ window: ClosedWindow, arrival: ContinuousClock.Instant) throws(StreamError) -> WindowResult {
        var binning = model.binning
        binning.start = window.start
        binning.end = window.end - 1
        do { try binning.frames(window.events, sensor: frameSensor, into: &frames) } catch { throw .binning(error) }
        let binary = model.binaryInput
        input.data.withUnsafeMutableBufferPointer { values in
            FrameBatch.convert(frames.storage, into: values.baseAddress!)
            if binary { for i in values.indices { values[i] = min(values[i], 1) } }
        }
        let counts: [Float]
        do { counts = try network.step(window: input, state: &state) } catch { throw .network(error) }
        for k in totals.indices { totals[k] += counts[k] }
        sampleEvents += window.events.count
        let (prediction, confidence) = decision(totals)
        let latency = arrival.duration(to: .now)
        return WindowResult(window: window.index, start: window.start, end: window.end, events: window.events.count,
                            prediction: prediction, confidence: confidence, spikeCounts: counts,
                            latencyMicroseconds: Double(latency.components.seconds) * 1e6
                                + Double(latency.components.attoseconds) * 1e-12)
    }
}
