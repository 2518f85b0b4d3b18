import SpikeNet

/// Energy per operation. The BPSA paper (seed 001, Eq. 1) takes its method from Chakraborty et al. 2021 and
/// gives no numbers; these defaults are the usual 45 nm CMOS values (Horowitz, ISSCC 2014): a 32-bit float
/// multiply-accumulate 4.6 pJ (3.7 pJ multiply + 0.9 pJ add) and an accumulate 0.9 pJ (32-bit float add).
public struct EnergyConstants: Sendable, Codable, Equatable {
    public var macPicojoules: Double
    public var acPicojoules: Double

    public init(macPicojoules: Double = 4.6, acPicojoules: Double = 0.9) {
        self.macPicojoules = macPicojoules
        self.acPicojoules = acPicojoules
    }

    enum CodingKeys: String, CodingKey {
        case macPicojoules = "mac_pj", acPicojoules = "ac_pj"
    }
}

/// The energy of one synaptic (dense or convolutional) layer for one sample.
public struct LayerEnergy: Sendable, Codable, Equatable {
    public var name: String
    public var kind: String
    /// Multiply-accumulates of one ANN forward pass through the layer.
    public var macs: Int
    /// Mean input spikes per input neuron and time step (the input density for the first layer).
    public var inputRate: Double
    public var annPicojoules: Double
    public var snnPicojoules: Double

    enum CodingKeys: String, CodingKey {
        case name, kind, macs
        case inputRate = "input_rate", annPicojoules = "ann_pj", snnPicojoules = "snn_pj"
    }
}

/// BPSA seed Eq. 1 per sample: E_ANN = Σ_l MACs_l · E_MAC and E_SNN = Σ_l MACs_l · r_l · T · E_AC, where an
/// SNN layer does an accumulate only for the input spikes that arrive (rate r_l of its input: the input
/// density for the first layer, else the firing rate of the spiking layer before it). BatchNorm is taken as
/// folded into the weights; pooling and voting are not counted.
public struct EnergyEstimate: Sendable, Codable, Equatable {
    public var constants: EnergyConstants
    public var timeSteps: Int
    public var layers: [LayerEnergy]

    public var annPicojoules: Double { layers.reduce(0) { $0 + $1.annPicojoules } }
    public var snnPicojoules: Double { layers.reduce(0) { $0 + $1.snnPicojoules } }
    /// E_ANN / E_SNN, the paper's "EE".
    public var efficiency: Double { snnPicojoules > 0 ? annPicojoules / snnPicojoules : .infinity }

    /// - Parameters:
    ///   - inputRate: mean value of the network input per element and time step.
    ///   - firingRates: mean firing rate of each spiking layer, in layer order (`Network.firingRates`).
    public init(network: Network, inputRate: Double, firingRates: [Double], timeSteps: Int,
                constants: EnergyConstants = EnergyConstants()) {
        self.constants = constants
        self.timeSteps = timeSteps
        var rate = inputRate
        var spiking = 0
        var layers: [LayerEnergy] = []
        for (layer, shape) in zip(network.layers, network.shapes) {
            if let synapse = Self.synapse(layer, outputShape: shape) {
                let macs = Double(synapse.macs)
                layers.append(LayerEnergy(
                    name: synapse.name, kind: synapse.kind, macs: synapse.macs,
                    inputRate: rate, annPicojoules: macs * constants.macPicojoules,
                    snnPicojoules: macs * rate * Double(timeSteps) * constants.acPicojoules))
            } else if layer is SpikingLayer, spiking < firingRates.count {
                rate = firingRates[spiking]
                spiking += 1
            }
        }
        self.layers = layers
    }

    /// A dense or convolutional layer's name (`layer0`), kind and MACs per ANN pass; `nil` for other layers.
    static func synapse(_ layer: any Layer, outputShape: [Int]) -> (name: String, kind: String, macs: Int)? {
        func stem(_ weight: Parameter) -> String { String(weight.name.dropLast(".weight".count)) }
        if let dense = layer as? Dense { return (stem(dense.weight), "dense", dense.weight.value.count) }
        if let conv = layer as? Conv2d {  // every weight is used once per output position
            return (stem(conv.weight), "conv", conv.weight.value.count * outputShape.dropFirst().reduce(1, *))
        }
        return nil
    }

    enum CodingKeys: String, CodingKey {
        case constants, layers
        case timeSteps = "time_steps"
    }
}
