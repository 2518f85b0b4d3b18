import SpikeEvents

extension AsyncSequence {
    /// Shuffles the stream through a buffer of `capacity` elements: once the buffer is full, each step emits a
    /// uniformly chosen buffered element and refills its slot from the base. Memory is bounded by `capacity`;
    /// the same input order and `seed` always give the same output order.
    public func shuffled(bufferSize capacity: Int, seed: UInt64) -> AsyncShuffleBufferSequence<Self> {
        precondition(capacity > 0, "the shuffle buffer needs room for at least one element")
        return AsyncShuffleBufferSequence(base: self, capacity: capacity, seed: seed)
    }
}

public struct AsyncShuffleBufferSequence<Base: AsyncSequence>: AsyncSequence {
    public typealias Element = Base.Element
    let base: Base
    let capacity: Int
    let seed: UInt64

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: base.makeAsyncIterator(), capacity: capacity, random: SplitMix64(seed: seed))
    }

    public struct Iterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let capacity: Int
        var random: SplitMix64
        var buffer: [Element] = []
        var exhausted = false

        init(base: Base.AsyncIterator, capacity: Int, random: SplitMix64) {
            self.base = base
            self.capacity = capacity
            self.random = random
            buffer.reserveCapacity(capacity)
        }

        public mutating func next() async throws -> Element? {
            while !exhausted, buffer.count < capacity {
                if let element = try await base.next() { buffer.append(element) } else { exhausted = true }
            }
            guard !buffer.isEmpty else { return nil }
            buffer.swapAt(random.index(below: buffer.count), buffer.count - 1)
            return buffer.removeLast()
        }
    }
}
