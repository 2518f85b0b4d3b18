/// Non-overlapping 2-D pooling (window = stride = `size`) over `[T·B, C, H, W]`; trailing rows/columns that
/// do not fill a window are dropped, as in PyTorch's default.
public struct Pool2d: Layer {
    public enum Kind: String, Sendable, Codable { case average, max }
    public let kind: Kind
    public let size: Int
    private var inputShape: [Int] = []
    /// For max pooling: where in its window each output's winner is (dy·size + dx; one byte, a quarter of an
    /// index into the input).
    private var argmax: [UInt8] = []

    public init(_ kind: Kind, size: Int) {
        self.kind = kind
        self.size = size
    }

    public func outputShape(for input: [Int]) throws(SpikeNetError) -> [Int] {
        guard input.count == 3, input[1] >= size, input[2] >= size else {
            throw .shapeMismatch(layer: "\(kind) pool \(size)", expected: "[C, H ≥ \(size), W ≥ \(size)]", got: "\(input)")
        }
        guard kind == .average || size <= 16 else {
            throw .shapeMismatch(layer: "max pool \(size)", expected: "a window of at most 16×16", got: "\(size)×\(size)")
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
        var y = Tensor(uninitialized: [x.shape[0], c, oh, ow])
        argmax = kind == .max ? .uninitialized(y.count) : []
        let scale = 1 / Float(k * k)
        let kind = kind
        x.data.withShared { xs in
            y.data.withSharedMutable { ys in
                argmax.withSharedMutable { best in
                    parallelRanges(planes, minimumPerThread: 64) { range in
                        for p in range {
                            let src = xs.base + p * h * w, dst = ys.base + p * oh * ow
                            if kind == .max {
                                Pool2d.maxPlane(src, w: w, oh: oh, ow: ow, k: k, into: dst, winners: best.base + p * oh * ow)
                                continue
                            }
                            // Average: each window summed in a register, in row order; 2×2 (the common
                            // case) unrolled, which makes it several times faster than the general loop.
                            if k == 2 {
                                for oy in 0..<oh {
                                    let top = src + 2 * oy * w, bottom = top + w, row = dst + oy * ow
                                    for ox in 0..<ow {
                                        let x = 2 &* ox
                                        row[ox] = (((top[x] + top[x &+ 1]) + bottom[x]) + bottom[x &+ 1]) * scale
                                    }
                                }
                                continue
                            }
                            for oy in 0..<oh {
                                for ox in 0..<ow {
                                    let corner = src + oy * k * w + ox * k
                                    var acc = corner[0]
                                    for dy in 0..<k { for dx in 0..<k where dy > 0 || dx > 0 { acc += corner[dy &* w &+ dx] } }
                                    dst[oy * ow + ox] = acc * scale
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// One plane of max pooling; `winners` gets each window's arg-max as its place in the window (dy·k + dx).
    private static func maxPlane(_ src: UnsafeMutablePointer<Float>, w: Int, oh: Int, ow: Int, k: Int,
                                 into dst: UnsafeMutablePointer<Float>, winners: UnsafeMutablePointer<UInt8>) {
        for oy in 0..<oh {
            for ox in 0..<ow {
                let corner = oy * k * w + ox * k
                var top = -Float.infinity, winner = 0
                for dy in 0..<k {
                    for dx in 0..<k where src[corner + dy * w + dx] > top {
                        top = src[corner + dy * w + dx]
                        winner = dy * k + dx
                    }
                }
                dst[oy * ow + ox] = top
                winners[oy * ow + ox] = UInt8(winner)
            }
        }
    }

    public mutating func backward(_ g: LayerGradient, _ context: RunContext, needInput: Bool) -> LayerGradient? {
        guard needInput else { return nil }
        return g.map(unpool)
    }

    /// Each output's error goes back to its window: all of it to the winner (max) or an equal share to every
    /// input (average). Windows do not overlap, so the workers' planes never collide.
    private func unpool(_ g: Tensor) -> Tensor {
        var dx = Tensor(zeros: inputShape)
        let (h, w) = (inputShape[2], inputShape[3])
        let (oh, ow, k) = (h / size, w / size, size)
        let scale = 1 / Float(k * k)
        let isMax = kind == .max
        g.data.withShared { gs in
            argmax.withShared { best in
                dx.data.withSharedMutable { d in
                    parallelRanges(inputShape[0] * inputShape[1], minimumPerThread: 64) { range in
                        for p in range {
                            if isMax {
                                for oy in 0..<oh {
                                    for ox in 0..<ow {
                                        let o = (p * oh + oy) * ow + ox, place = Int(best[o])
                                        d[p * h * w + (oy * k + place / k) * w + ox * k + place % k] += gs[o]
                                    }
                                }
                                continue
                            }
                            for oy in 0..<oh {
                                let src = gs.base + (p * oh + oy) * ow
                                for dy in 0..<k {
                                    let row = d.base + p * h * w + (oy * k + dy) * w
                                    for dx0 in 0..<k { for ox in 0..<ow { row[ox &* k &+ dx0] += src[ox] * scale } }
                                }
                            }
                        }
                    }
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

extension Pool2d {
    /// Max pooling keeps each window's winner (1 byte per output).
    public func footprint(input: [Int]) -> LayerFootprint {
        let output = (try? outputShape(for: input)) ?? input
        var f = LayerFootprint.passThrough(input: input, output: output)
        if kind == .max { f.keptPerRow = output.reduce(1, *) }
        return f
    }
}
