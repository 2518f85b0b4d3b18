/// A dense Float32 tensor: a shape and row-major contiguous storage. A value type (copy-on-write through
/// the array), so layers can keep the activations they need for the backward pass without aliasing.
public struct Tensor: Sendable, Equatable {
    public var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not hold \(data.count) values")
        self.shape = shape
        self.data = data
    }

    public init(zeros shape: [Int]) {
        self.shape = shape
        self.data = [Float](repeating: 0, count: shape.reduce(1, *))
    }

    /// Storage the caller overwrites completely before anyone reads it (skips zeroing large activations).
    init(uninitialized shape: [Int]) {
        self.init(shape: shape, data: .uninitialized(shape.reduce(1, *)))
    }

    public var count: Int { data.count }

    /// Values per leading row (everything after the first dimension).
    public var rowSize: Int { shape.dropFirst().reduce(1, *) }

    /// The same values with a new shape of equal element count.
    public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, data: data) }

    /// Fraction of non-zero values (decides between the sparse gather and the dense BLAS paths).
    public var density: Float {
        guard !data.isEmpty else { return 0 }
        var nonZero = 0
        data.withUnsafeBufferPointer { for v in $0 where v != 0 { nonZero += 1 } }
        return Float(nonZero) / Float(data.count)
    }
}

extension Array where Element: BitwiseCopyable {
    /// `count` values left as they come from the allocator, for buffers that are overwritten before being read.
    static func uninitialized(_ count: Int) -> [Element] {
        [Element](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }
}
