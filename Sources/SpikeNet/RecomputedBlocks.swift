/// Conv → (BatchNorm →) spiking blocks trained in bounded memory. With `Network.recomputesBlocks`, a block's
/// training forward pass keeps only what the convolution keeps anyway (its input, compressed when it is spikes),
/// the batch statistics and the firing rate: no conv output, no normalised values, no membrane traces, each of
/// which is a float per neuron, time step and sample (2.1 GB apiece for a 128-channel 128×128 layer at batch 16,
/// T 16). The backward pass redoes the block one group of output channels at a time — batch norm and the neurons
/// work per channel, so a group needs nothing from the others — and writes the group's error at the conv output
/// into the incoming error's storage; the convolution's own backward pass then runs once, as without
/// recomputation. Every value is computed by the same code in the same order as in the plain pass, so the
/// gradients are the same bits; the price is one more convolution forward pass per block.
extension Network {
    /// The block of layers starting at `index`: Conv2d, an optional BatchNorm, then a SpikingLayer.
    func recomputedBlock(startingAt index: Int) -> Range<Int>? {
        guard index + 1 < layers.count, layers[index] is Conv2d else { return nil }
        let spiking = layers[index + 1] is BatchNorm ? index + 2 : index + 1
        guard spiking < layers.count, layers[spiking] is SpikingLayer else { return nil }
        return index..<spiking + 1
    }

    /// The block of layers ending at `index` (see `recomputedBlock(startingAt:)`).
    func recomputedBlock(endingAt index: Int) -> Range<Int>? {
        for start in [index - 2, index - 1] where start >= 0 {
            if let block = recomputedBlock(startingAt: start), block.upperBound == index + 1 { return block }
        }
        return nil
    }

    /// Whether any Conv-spiking block could be recomputed.
    public var hasRecomputableBlocks: Bool { layers.indices.contains { recomputedBlock(startingAt: $0) != nil } }

    /// The forward pass of a block from its input `x` to its output (in `x`), keeping in training what the backward
    /// pass cannot recompute; evaluation runs it too, keeping nothing. The input is let go as soon as the
    /// convolution has read it, batch norm normalises in place and the spikes overwrite the currents.
    /// In evaluation batch norm is folded into the convolution (`evaluationConvolution(at:)`).
    mutating func forwardRecomputed(_ block: Range<Int>, _ x: inout Tensor, _ context: RunContext) {
        var y: Tensor
        if !context.training, var folded = evaluationConvolution(at: block.lowerBound)?.conv {
            y = folded.forward(x, context)
        } else {
            y = layers[block.lowerBound].forward(x, context)
        }
        x = Tensor(zeros: [0])
        if block.count == 3 && context.training {
            withLayer(block.lowerBound + 1, as: BatchNorm.self) { $0.normalizeInPlace(&y, context) }
        }
        withLayer(block.upperBound - 1, as: SpikingLayer.self) { $0.forwardReplacingInput(&y, context) }
        x = y
    }

    /// The backward pass of a block run by `forwardRecomputed`: `g` is the error at the spiking layer's output.
    mutating func backwardRecomputed(_ block: Range<Int>, _ g: consuming LayerGradient, _ context: RunContext,
                                     needInput: Bool) -> LayerGradient? {
        let conv = layers[block.lowerBound] as! Conv2d
        let spiking = layers[block.upperBound - 1] as! SpikingLayer
        let normIndex = block.count == 3 ? block.lowerBound + 1 : nil
        let rows = g.signal.shape[0], channels = g.signal.shape[1], plane = g.signal.rowSize / channels
        let groupSize = Network.channelsPerGroup(rows: rows, channels: channels, plane: plane, bytes: recomputeGroupBytes)
        var signal = g.signal, downstream = g.downstream
        g = LayerGradient(signal: Tensor(zeros: [0]))  // so `signal` and `downstream` own their storage
        for first in stride(from: 0, to: channels, by: groupSize) {
            let group = first..<min(channels, first + groupSize)
            var current = conv.outputChannels(group).outputOfSavedInput(rows: rows)
            var norm = normIndex.map { (layers[$0] as! BatchNorm).channels(group) }
            if norm != nil { current = norm!.forward(current, context, keepNormalized: true) }
            var neurons = spiking
            _ = neurons.forward(current, context, keepTraces: true)
            neurons.recordedFiringRate = spiking.firingRate
            current = Tensor(zeros: [0])
            var error = LayerGradient(signal: signal.channels(group),
                                      downstream: downstream?.channels(group))
            error = neurons.backward(error, context, needInput: true)!
            if let index = normIndex, var slice = norm {
                error = slice.backward(error, context, needInput: true)!
                withLayer(index, as: BatchNorm.self) { $0.addGradients(of: slice, at: group) }
            }
            signal.setChannels(group, from: error.signal)
            if let d = error.downstream {
                // A rule that propagates separately (multi-threshold) makes the second error in this layer.
                if downstream == nil { downstream = Tensor(uninitialized: signal.shape) }
                downstream!.setChannels(group, from: d)
            }
        }
        return layers[block.lowerBound].backward(LayerGradient(signal: signal, downstream: downstream), context,
                                                 needInput: needInput)
    }

    /// Output channels redone together: each of a group's working tensors (conv output, normalised values,
    /// membrane, errors) stays near `bytes`; whole multiples of 16 channels where that allows, the width of the
    /// sparse convolution's vectors.
    static func channelsPerGroup(rows: Int, channels: Int, plane: Int, bytes: Int) -> Int {
        let fitting = max(1, bytes / max(1, 4 * rows * plane))
        return min(channels, fitting >= 16 ? fitting / 16 * 16 : fitting)
    }

    /// Runs `body` on layer `index` as its concrete type, in place: the slot holds a stand-in meanwhile, so the
    /// layer's arrays are not shared and are not copied when written.
    mutating func withLayer<L: Layer, R>(_ index: Int, as type: L.Type, _ body: (inout L) -> R) -> R {
        var layer = layers[index] as! L
        layers[index] = Flatten()
        defer { layers[index] = layer }
        return body(&layer)
    }
}

extension Tensor {
    /// Channels `range` of a `[rows, C, …]` tensor, as `[rows, range.count, …]`.
    func channels(_ range: Range<Int>) -> Tensor {
        let (rows, channels) = (shape[0], shape[1]), plane = rowSize / channels
        var out = Tensor(uninitialized: [rows, range.count] + shape.dropFirst(2))
        data.withShared { src in
            out.data.withSharedMutable { dst in
                parallelRanges(rows, minimumPerThread: 1) { rowRange in
                    for r in rowRange {
                        (dst.base + r * range.count * plane).update(from: src.base + (r * channels + range.lowerBound) * plane,
                                                                    count: range.count * plane)
                    }
                }
            }
        }
        return out
    }

    /// Overwrites channels `range` of a `[rows, C, …]` tensor with `part` (`[rows, range.count, …]`).
    mutating func setChannels(_ range: Range<Int>, from part: Tensor) {
        let (rows, channels) = (shape[0], shape[1]), plane = rowSize / channels
        part.data.withShared { src in
            data.withSharedMutable { dst in
                parallelRanges(rows, minimumPerThread: 1) { rowRange in
                    for r in rowRange {
                        (dst.base + (r * channels + range.lowerBound) * plane).update(from: src.base + r * range.count * plane,
                                                                                      count: range.count * plane)
                    }
                }
            }
        }
    }
}
