import SpikeEvents

/// A dense float32 representation of a whole sample (an alternative to `FrameBinning` at the binning stage):
/// a value with `Codable` parameters that become part of the cache key.
public protocol EventRepresentation: Codable, Hashable, Sendable {
    static var name: String { get }
    static var help: String { get }
    /// The frames; the shape is documented by each representation.
    func frames(_ events: EventChunk, sensor: SensorSize) throws(TransformError) -> FrameTensor
}

extension EventRepresentation {
    /// A zeroed float64 accumulator of `shape`, or `tooLarge` past `FrameBinning.maxElements`.
    func accumulator(_ shape: FrameShape) throws(TransformError) -> [Double] {
        try checkSize(shape)
        return [Double](repeating: 0, count: shape.elementCount)
    }

    /// Throws unless `shape` is within `FrameBinning.maxElements`.
    func checkSize(_ shape: FrameShape) throws(TransformError) {
        let (total, overflow) = shape.timeSteps.multipliedReportingOverflow(by: shape.frameElementCount)
        guard !overflow, total <= FrameBinning.maxElements else {
            throw .invalidParameter(transform: Self.name, parameter: "shape",
                                    reason: "\(shape) exceeds the limit of \(FrameBinning.maxElements) elements")
        }
    }
}
