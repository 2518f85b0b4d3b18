import SpikeFormats
import SpikeNet

/// One training step of a small spiking network described by a NumPy `.npz` case (the format of
/// docs/GRADIENTS.md): the network, its parameters, input, target and the rule's hyper-parameters, as the engine
/// runs them. `result()` gives what the engine computes, as the arrays of a result file.
public struct GradientCase {
    /// The rules a case can name, by `rule_id`.
    public static let rules = ["stbp-h1", "stbp-h2", "stbp-h3", "stbp-h4", "bpsa", "bpsa-bpta", "tssl", "mt-f1", "mt-f2", "mt-f3"]

    public let rule: String
    public let config: NetworkConfig
    /// `[B, T, C, H, W]`, as the network takes it.
    let input: Tensor
    /// The loss's desired values (`Loss.evaluate(_:desired:…)` layout).
    let desired: Tensor
    /// Per layer: the synapse's W and b in the engine's layout, and the per-sample output shape.
    let weights: [(weight: [Float], bias: [Float])]
    let outputShapes: [[Int]]
    let denseLayers: [Bool]
    let steps: Int, batch: Int

    /// Reads and checks a case's arrays (from `NumPyArchive.read`); `path` names the file in errors.
    public init(arrays: [String: NumPyArray], path: String) throws(GradientCaseError) {
        let keys = CaseKeys(arrays: arrays, path: path)
        let ruleID = try keys.integer("rule_id")
        guard GradientCase.rules.indices.contains(ruleID) else {
            throw .badValue(path: path, key: "rule_id", reason: "is \(ruleID); known rules are 0…9 "
                            + "(\(GradientCase.rules.joined(separator: ", ")))")
        }
        rule = GradientCase.rules[ruleID]
        let layerCount = try keys.integer("n_layers")
        guard layerCount >= 1 else { throw .badValue(path: path, key: "n_layers", reason: "is \(layerCount); at least 1") }
        steps = try keys.integer("T")
        batch = try keys.integer("B")
        guard steps >= 1, batch >= 1 else { throw .badValue(path: path, key: "T", reason: "and 'B' must be ≥ 1") }
        let kinds = try keys.integers("layer_kind", count: layerCount)
        let pads = arrays["conv_pad"] == nil ? [Int](repeating: 0, count: layerCount) : try keys.integers("conv_pad", count: layerCount)
        let sizes = try keys.integers("layer_sizes", count: layerCount + 1)

        let x = try keys.array("x")
        guard x.shape.count == 3 || x.shape.count == 5, x.shape[0] == steps, x.shape[1] == batch,
              x.shape[2...].reduce(1, *) == sizes[0] else {
            throw .badShape(path: path, key: "x", expected: "(T, B, \(sizes[0])) or (T, B, C, H, W) with C·H·W = \(sizes[0])",
                            found: x.shape)
        }
        let inputShape = x.shape.count == 5 ? Array(x.shape[2...]) : [sizes[0], 1, 1]
        input = Tensor(shape: [batch, steps] + inputShape, data: GradientCase.sampleMajor(x.values, steps: steps, batch: batch))

        // The layers: spec tokens, parameters in the engine's layout, output shapes.
        var shape = inputShape
        var tokens = ["\(sizes[0])"]  // names the input, so a first layer of the same size is not taken for it
        var weights: [(weight: [Float], bias: [Float])] = [], shapes: [[Int]] = [], dense: [Bool] = []
        for l in 0..<layerCount {
            let w = try keys.array("W\(l)"), b = try keys.array("b\(l)")
            if kinds[l] == 0 {
                let n = sizes[l + 1], fanIn = shape.reduce(1, *)
                guard w.shape == [n, fanIn] else { throw .badShape(path: path, key: "W\(l)", expected: "(\(n), \(fanIn))", found: w.shape) }
                guard b.shape == [n] else { throw .badShape(path: path, key: "b\(l)", expected: "(\(n),)", found: b.shape) }
                // nn.Linear's [out, in] → the engine's [in, out]
                weights.append(((0..<fanIn * n).map { Float(w.values[($0 % n) * fanIn + $0 / n]) }, b.values.map(Float.init)))
                shape = [n]
                tokens.append("\(n)")
            } else if kinds[l] == 1 {
                guard shape.count == 3 else { throw .badValue(path: path, key: "layer_kind", reason: "puts conv layer \(l) after a dense one") }
                guard w.shape.count == 4, w.shape[1] == shape[0], w.shape[2] == w.shape[3], w.shape[2] >= 1 else {
                    throw .badShape(path: path, key: "W\(l)", expected: "(C_out, \(shape[0]), k, k)", found: w.shape)
                }
                let (filters, kernel, pad) = (w.shape[0], w.shape[2], pads[l])
                guard b.shape == [filters] else { throw .badShape(path: path, key: "b\(l)", expected: "(\(filters),)", found: b.shape) }
                shape = [filters, shape[1] + 2 * pad - kernel + 1, shape[2] + 2 * pad - kernel + 1]
                guard shape[1] >= 1, shape[2] >= 1, shape.reduce(1, *) == sizes[l + 1] else {
                    throw .badValue(path: path, key: "layer_sizes", reason: "says \(sizes[l + 1]) outputs for layer \(l); its conv gives \(shape)")
                }
                weights.append((w.values.map(Float.init), b.values.map(Float.init)))
                tokens.append("\(filters)C\(kernel)P\(pad)")
            } else {
                throw .badValue(path: path, key: "layer_kind", reason: "has \(kinds[l]) for layer \(l); 0 is dense, 1 conv")
            }
            shapes.append(shape)
            dense.append(kinds[l] == 0)
        }
        self.weights = weights
        outputShapes = shapes
        denseLayers = dense

        let outputs = sizes[layerCount]
        let setup = try GradientCase.ruleSetup(rule, keys, outputs: outputs)
        if setup.vote > 1 {
            guard dense.last == true, outputs % setup.vote == 0 else {
                throw .badValue(path: path, key: "vote", reason: "is \(setup.vote); the last layer must be dense with a multiple of it (\(outputs))")
            }
            tokens[tokens.count - 1] = "\(outputs / setup.vote)V\(setup.vote)"
        }
        config = NetworkConfig(spec: tokens.joined(separator: "-"), inputShape: inputShape, neuron: setup.neuron,
                               rule: setup.rule, loss: setup.loss, lossOptions: setup.options)
        desired = try GradientCase.desired(keys, rule: rule, steps: steps, batch: batch,
                                           classes: outputs / setup.vote, tauS: setup.neuron.model.synapticTau)
    }

    /// `[T, B, F]` → `[B, T, F]`.
    static func sampleMajor(_ values: [Double], steps: Int, batch: Int) -> [Float] {
        let f = values.count / (steps * batch)
        var out = [Float](repeating: 0, count: values.count)
        for t in 0..<steps { for b in 0..<batch { for i in 0..<f { out[(b * steps + t) * f + i] = Float(values[(t * batch + b) * f + i]) } } }
        return out
    }
}

/// Typed access to a case's arrays, with errors that name the key.
struct CaseKeys {
    let arrays: [String: NumPyArray]
    let path: String

    func array(_ key: String) throws(GradientCaseError) -> NumPyArray {
        guard let a = arrays[key] else { throw .missingKey(path: path, key: key) }
        return a
    }

    func integer(_ key: String) throws(GradientCaseError) -> Int {
        let a = try array(key)
        guard a.shape.isEmpty else { throw .badShape(path: path, key: key, expected: "() (a 0-d array)", found: a.shape) }
        guard a.values[0] == a.values[0].rounded() else { throw .badValue(path: path, key: key, reason: "is \(a.values[0]); a whole number") }
        return Int(a.values[0])
    }

    func integers(_ key: String, count: Int) throws(GradientCaseError) -> [Int] {
        let a = try array(key)
        guard a.shape == [count] else { throw .badShape(path: path, key: key, expected: "(\(count),)", found: a.shape) }
        return a.values.map { Int($0) }
    }

    /// A 0-d hyper-parameter, `fallback` when absent.
    func number(_ key: String, _ fallback: Double) throws(GradientCaseError) -> Float {
        guard let a = arrays[key] else { return Float(fallback) }
        guard a.shape.isEmpty else { throw .badShape(path: path, key: key, expected: "() (a 0-d array)", found: a.shape) }
        return Float(a.values[0])
    }

    /// A 0-d integer option among `allowed`, `fallback` when absent.
    func option(_ key: String, _ fallback: Int, allowed: ClosedRange<Int>) throws(GradientCaseError) -> Int {
        guard arrays[key] != nil else { return fallback }
        let v = try integer(key)
        guard allowed.contains(v) else { throw .badValue(path: path, key: key, reason: "is \(v); expected \(allowed.lowerBound)…\(allowed.upperBound)") }
        return v
    }
}
