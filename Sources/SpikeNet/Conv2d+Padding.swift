extension Conv2d {
    /// Zero padding on each side (a compute backend rebuilds the convolution from it and the weight's shape).
    public var padding: Int { geometry.padding }
}
