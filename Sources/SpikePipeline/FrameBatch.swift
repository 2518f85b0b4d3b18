import SpikeEvents

/// One sample flowing through the pipeline: its frames and label, and where it came from.
public struct LabeledFrames: Sendable, Equatable {
    public var id: String
    public var label: Int
    public var frames: FrameTensor

    public init(id: String, label: Int, frames: FrameTensor) {
        self.id = id
        self.label = label
        self.frames = frames
    }
}

/// How samples with different numbers of time steps are put into one batch.
public enum BatchPadding: Sendable, Equatable {
    /// Every batch has exactly T steps: shorter samples are zero-padded at the end, longer ones are an error.
    case fixed(Int)
    /// T is the longest sample of the batch; shorter samples are zero-padded at the end.
    case longest
}

/// A batch `[B, T, C, H, W]` of `Float32` frames in one contiguous array, with labels and the number of real
/// (unpadded) time steps of each sample — the mask of a padded batch.
public struct FrameBatch: Sendable, Equatable {
    public var batchSize: Int
    public var frameShape: FrameShape  // T, C, H, W of every sample in the batch
    public var data: [Float]
    public var labels: [Int32]
    public var lengths: [Int32]
    public var ids: [String]

    /// Elements of one sample (`T·C·H·W`).
    public var sampleElementCount: Int { frameShape.elementCount }
}

/// Why a batch could not be assembled.
public enum BatchError: Error, CustomStringConvertible, Equatable {
    case tooManyTimeSteps(id: String, timeSteps: Int, limit: Int)
    case mismatchedFrames(id: String, shape: FrameShape, expected: FrameShape)

    public var description: String {
        switch self {
        case .tooManyTimeSteps(let id, let t, let limit):
            "sample \(id) has \(t) time steps but batches are fixed at \(limit); use longest-padding or bin to \(limit) steps"
        case .mismatchedFrames(let id, let shape, let expected):
            "sample \(id) has frames \(shape) but the batch holds \(expected) (C, H, W must agree)"
        }
    }
}

extension FrameBatch {
    /// Assembles `samples` into one batch (frames converted to `Float32`, padded per `padding`).
    public init(_ samples: [LabeledFrames], padding: BatchPadding) throws(BatchError) {
        precondition(!samples.isEmpty, "a batch needs at least one sample")
        let first = samples[0].frames.shape
        let t: Int = switch padding {
        case .fixed(let t): t
        case .longest: samples.map(\.frames.shape.timeSteps).max()!
        }
        let shape = FrameShape(timeSteps: t, channels: first.channels, height: first.height, width: first.width)
        for sample in samples {
            let s = sample.frames.shape
            guard s.channels == shape.channels, s.height == shape.height, s.width == shape.width else {
                throw .mismatchedFrames(id: sample.id, shape: s, expected: shape)
            }
            guard s.timeSteps <= t else { throw .tooManyTimeSteps(id: sample.id, timeSteps: s.timeSteps, limit: t) }
        }
        // Written once: converted frames, then zeros for the padding only (no zero-fill of the whole batch first).
        let n = shape.elementCount
        let data = [Float](unsafeUninitializedCapacity: samples.count * n) { buffer, initialized in
            for (b, sample) in samples.enumerated() {
                let base = buffer.baseAddress! + b * n
                let written = sample.frames.storage.count
                Self.convert(sample.frames.storage, into: base)
                (base + written).initialize(repeating: 0, count: n - written)
            }
            initialized = samples.count * n
        }
        self.init(batchSize: samples.count, frameShape: shape, data: data, labels: samples.map { Int32($0.label) },
                  lengths: samples.map { Int32($0.frames.shape.timeSteps) }, ids: samples.map(\.id))
    }

    /// Frame counts as the network input floats (one per element, in order), written into uninitialised memory.
    public static func convert(_ storage: FrameStorage, into out: UnsafeMutablePointer<Float>) {
        switch storage {
        case .uint8(let a): a.withUnsafeBufferPointer { for i in $0.indices { (out + i).initialize(to: Float($0[i])) } }
        case .uint16(let a): a.withUnsafeBufferPointer { for i in $0.indices { (out + i).initialize(to: Float($0[i])) } }
        case .float32(let a): a.withUnsafeBufferPointer { out.initialize(from: $0.baseAddress!, count: $0.count) }
        }
    }
}

extension AsyncSequence where Element == LabeledFrames {
    /// Groups samples into `FrameBatch`es of `size` (the last, smaller batch is kept unless `dropLast`).
    public func batched(size: Int, padding: BatchPadding, dropLast: Bool = false) -> AsyncBatchSequence<Self> {
        precondition(size > 0, "batch size must be positive")
        return AsyncBatchSequence(base: self, size: size, padding: padding, dropLast: dropLast)
    }
}

public struct AsyncBatchSequence<Base: AsyncSequence>: AsyncSequence where Base.Element == LabeledFrames {
    public typealias Element = FrameBatch
    let base: Base
    let size: Int
    let padding: BatchPadding
    let dropLast: Bool

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), size: size, padding: padding, dropLast: dropLast)
    }

    public struct Iterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let size: Int
        let padding: BatchPadding
        let dropLast: Bool

        public mutating func next() async throws -> FrameBatch? {
            var samples: [LabeledFrames] = []
            samples.reserveCapacity(size)
            while samples.count < size, let sample = try await base.next() { samples.append(sample) }
            guard !samples.isEmpty, samples.count == size || !dropLast else { return nil }
            return try FrameBatch(samples, padding: padding)
        }
    }
}

extension AsyncBatchSequence: Sendable where Base: Sendable {}
