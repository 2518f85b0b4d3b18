/// `dataset: name:` — which dataset a pipeline reads, and so which file format a model trained on it expects.
public enum DatasetName: String, Sendable, Codable, CaseIterable {
    case nmnist, dvsgesture, cifar10dvs, speechcommands
    /// The embedded synthetic digits in the N-MNIST layout, generated under `root` when absent.
    case syntheticNMNIST = "synthetic-nmnist"
}
