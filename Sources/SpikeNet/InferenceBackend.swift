/// Another compute backend for evaluation passes (`infer --device`, the trainer's per-epoch test with
/// `train --device`): it runs a copy of the network on its device and returns what `Network.forward` in evaluation
/// mode would, with the spiking layers' firing rates of that pass.
public protocol InferenceBackend: AnyObject {
    /// An evaluation pass over `input` `[B, T, C, H, W]`: the output `[T·B, K]` (time-major, as the engine's) and each
    /// spiking layer's mean spikes per neuron and step (`Network.firingRates`).
    func infer(_ input: Tensor) throws -> (output: Tensor, firingRates: [Float])
}
