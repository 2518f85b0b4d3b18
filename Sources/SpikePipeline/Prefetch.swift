import AsyncAlgorithms

extension AsyncSequence where Self: Sendable, Element: Sendable {
    /// Lets the upstream run up to `count` elements ahead of the consumer (a bounded buffer: the upstream
    /// waits when it is full), so that producing and consuming overlap.
    public func prefetch(_ count: Int) -> AsyncBufferSequence<Self> {
        buffer(policy: .bounded(count))
    }
}
