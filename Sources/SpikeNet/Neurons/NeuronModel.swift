/// A neuron model, per neuron and time step in SpikingJelly's split (`BaseNode`): charge the membrane from the
/// post-reset membrane and the input current, fire, reset. `NeuronForward` runs these over blocks of neurons in
/// a loop the compiler specialises and vectorises per model, so each step must be plain arithmetic.
///
/// A new neuron is one file with a type conforming to this protocol (and to the capability protocols of the
/// rules that should train it, e.g. `LeakyNeuron` for STBP and BPSA) plus one line in `Neuron.registry`.
public protocol NeuronModel: ConfigurableModel {
    /// Display name in reports and errors (default: the YAML kind with dashes).
    static var name: String { get }
    /// The firing threshold Vth (surrogate gradients are centred on it).
    var threshold: Float { get }
    /// With a value τs the layer outputs the synaptic PSC `a[t] = (1 − 1/τs)·a[t−1] + s[t]/τs` instead of spikes.
    var synapticTau: Float? { get }
    /// The membrane before firing: `u[t]` from the post-reset membrane `v = u_post[t−1]` and the input `x = I[t]`.
    func charge(_ v: Float, _ x: Float) -> Float
    /// The spikes emitted by membrane `u`: a whole number, 0…255 (spikes are kept as one byte each).
    func fire(_ u: Float) -> Float
    /// The membrane after emitting `spike` spikes from `u` (`u_post[t]`).
    func reset(_ u: Float, spike: Float) -> Float
    /// Runs the forward time loop over a block of neurons. Leave it to the default (`NeuronForward.run`): being a
    /// requirement is what makes the compiler emit the loop specialised for each model (a call through the
    /// existential would reach a generic loop that calls charge/fire/reset through the witness table per element).
    func forward(_ pass: NeuronForward.Pass, range: Range<Int>)
}

extension NeuronModel {
    public func forward(_ pass: NeuronForward.Pass, range: Range<Int>) { NeuronForward.run(self, pass, range: range) }
    public var synapticTau: Float? { nil }
    /// Display name in reports and errors: the YAML kind with dashes.
    public static var name: String { String(kind.map { $0 == "_" ? "-" : $0 }) }
}

/// How a neuron's membrane is reset after a spike.
public enum Reset: String, Sendable, Codable, Hashable {
    /// u ← 0 (STBP, BPSA, the TSSL-BP reference code).
    case zero
    /// u ← u − Vth·s (TSSL-BP paper, multi-threshold).
    case subtract
}

/// A leaky (or, with decay 1, non-leaky) neuron with binary spikes and a hard or soft reset:
/// `u[t] = decay·u_post[t−1] + I[t]`, `u_post = u − s·(u or Vth)`. STBP and BPSA train any of these.
public protocol LeakyNeuron: NeuronModel {
    var decay: Float { get }
    var reset: Reset { get }
}

extension LeakyNeuron {
    @inline(__always) public func charge(_ v: Float, _ x: Float) -> Float { decay * v + x }
    @inline(__always) public func fire(_ u: Float) -> Float { u >= threshold ? 1 : 0 }
    @inline(__always) public func reset(_ u: Float, spike: Float) -> Float {
        u - spike * (reset == .zero ? u : threshold)
    }
}

/// A binary-spiking LIF whose layer outputs its synaptic PSC (τs) and whose membrane leaks with τm; TSSL-BP
/// trains these.
public protocol SynapticNeuron: NeuronModel {
    var tauM: Float { get }
    var tauS: Float { get }
    var reset: Reset { get }
}
