/// Non-overlapping 2-D pooling (window = stride = `size`) over `[T·B, C, H, W]`; trailing rows/columns that
/// do not fill a window are dropped, as in PyTorch's default.
public struct Pool2d: Layer {
    public enum Kind: String, Sendable, Codable { case average, max }
    public let kind: Kind
    public let size: Int
    private var inputShape: [Int] = []
    /// For max pooling: the input offset (within its sample) of each output's winner.
    private var argmax: [Int32] = []

    public init(_ kind: Kind, size: Int) {
        self.kind = kind
        self.size = size
    }

    public func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int] {
        guard input.count == 3, input[1] >= size, input[2] >= size else {
            throw .shapeMismatch(layer: "\(kind) pool \(size)", expected: "[C, H ≥ \(size), W ≥ \(size)]", got: "\(input)")
        }
        return [input[0], input[1] / size, input[2] / size]
    }

    public var parameters: [Parameter] {
        get { [] }
        set {}
    }

    public mutating func forward(_ x: Tensor, _ context: RunContext) -> Tensor {
        let (c, h, w) = (x.shape[1], x.shape[2], x.shape[3])
        let (oh, ow, k) = (h / size, w / size, size)
        let planes = x.shape[0] * c
        inputShape = x.shape
        var y = Tensor(zeros: [x.shape[0], c, oh, ow])
        if kind == .max { argmax = [Int32](repeating: 0, count: y.count) }
        let scale = 1 / Float(k * k)
        let isMax = kind == .max
        x.data.withUnsafeBufferPointer { xp in
            y.data.withUnsafeMutableBufferPointer { yp in
                for p in 0..<planes {
                    let src = xp.baseAddress! + p * h * w, dst = p * oh * ow
                    for oy in 0..<oh {
                        for ox in 0..<ow {
                            var acc: Float = isMax ? -.infinity : 0
                            var best = 0
                            for dy in 0..<k {
                                for dx in 0..<k {
                                    let i = (oy * k + dy) * w + ox * k + dx
                                    if isMax {
                                        if src[i] > acc { acc = src[i]; best = i }
                                    } else {
                                        acc += src[i]
                                    }
                                }
                            }
                            yp[dst + oy * ow + ox] = isMax ? acc : acc * scale
                            if isMax { argmax[dst + oy * ow + ox] = Int32(p * h * w + best) }
                        }
                    }
                }
            }
        }
        return y
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        guard needInput else { return nil }
        return g.map(unpool)
    }

    private func unpool(_ g: Tensor) -> Tensor {
        var dx = Tensor(zeros: inputShape)
        let (c, h, w) = (inputShape[1], inputShape[2], inputShape[3])
        let (oh, ow, k) = (h / size, w / size, size)
        if kind == .max {
            for i in 0..<g.count { dx.data[Int(argmax[i])] += g.data[i] }
            return dx
        }
        let scale = 1 / Float(k * k)
        for p in 0..<(inputShape[0] * c) {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let v = g.data[(p * oh + oy) * ow + ox] * scale
                    for dy in 0..<k { for dx0 in 0..<k { dx.data[p * h * w + (oy * k + dy) * w + ox * k + dx0] += v } }
                }
            }
        }
        return dx
    }
}

/// `[T·B, C, H, W]` → `[T·B, C·H·W]` (a reshape; the storage is already in that order).
public struct Flatten: Layer {
    private var inputShape: [Int] = []

    public init() {}

    public func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int] { [input.reduce(1, *)] }

    public var parameters: [Parameter] {
        get { [] }
        set {}
    }

    public mutating func forward(_ x: Tensor, _ context: RunContext) -> Tensor {
        inputShape = x.shape
        return x.reshaped([x.shape[0], x.rowSize])
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        let shape = inputShape
        return needInput ? g.map { $0.reshaped(shape) } : nil
    }
}
