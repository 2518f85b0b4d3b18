import SpikeEvents
import SpikeNet

extension TorchEquivalence {
    /// The staged data path against the float path on `device`: one pass with gradients from the same start, the
    /// batch once as the float tensor (`run`) and once staged as float frames (`run(staged:)`, converted on the
    /// device). Differences: the loss or output not equal, a gradient not within `close` (a GPU's convolution
    /// algorithms may sum in another order from one pass to the next); empty: equal.
    public static func stagedDifferences(_ make: () throws -> Network, input: Tensor, desired: Tensor,
                                         device: String) throws -> [String] {
        let (old, new) = (try TorchNetwork(try make(), device: device), try TorchNetwork(try make(), device: device))
        let s = input.shape, size = s.dropFirst().reduce(1, *)
        let frames = (0..<s[0]).map { b in
            FrameTensor(shape: FrameShape(timeSteps: s[1], channels: s[2], height: s[3], width: s[4]),
                        storage: .float32(Array(input.data[(b * size)..<((b + 1) * size)])))
        }
        let staged = try TorchStaging(device: device).stage(frames, timeSteps: s[1], binary: false)
        let a = try old.run(input, desired: desired), b = try new.run(staged: staged, desired: desired)
        var found: [String] = []
        if a.loss != b.loss { found.append("staged input: loss \(b.loss) vs \(a.loss)") }
        if a.output?.data != b.output?.data { found.append("staged input: outputs differ") }
        let (pa, pb) = (try old.parameters(), try new.parameters())
        for (name, p) in pa.sorted(by: { $0.key < $1.key }) {
            let check = close(pb[name]?.grad ?? [], p.grad)
            if !check.ok { found.append("staged input: \(name) grad max error \(check.error) vs \(check.scale)") }
        }
        return found
    }
}
