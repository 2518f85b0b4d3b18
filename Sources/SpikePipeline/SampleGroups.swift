extension AsyncSequence where Element == LabeledFrames {
    /// The samples in groups of `size` (the last may be smaller), as they come: no conversion, no padding (for a
    /// backend that writes each batch itself, see `InputStaging`).
    public func grouped(size: Int) -> AsyncSampleGroups<Self> {
        precondition(size > 0, "batch size must be positive")
        return AsyncSampleGroups(base: self, size: size)
    }
}

public struct AsyncSampleGroups<Base: AsyncSequence>: AsyncSequence where Base.Element == LabeledFrames {
    public typealias Element = [LabeledFrames]
    let base: Base
    let size: Int

    public func makeAsyncIterator() -> Iterator { Iterator(base: base.makeAsyncIterator(), size: size) }

    public struct Iterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let size: Int

        public mutating func next() async throws -> [LabeledFrames]? {
            var samples: [LabeledFrames] = []
            samples.reserveCapacity(size)
            while samples.count < size, let sample = try await base.next() { samples.append(sample) }
            return samples.isEmpty ? nil : samples
        }
    }
}

extension AsyncSampleGroups: Sendable where Base: Sendable {}
