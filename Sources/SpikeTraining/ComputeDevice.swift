import SpikeModel

/// Where a network runs (`--device`, the pipeline's `device:`): `cpu`, the SNN engine, or a libtorch device
/// (`torch-cpu`, `cuda`, `cuda:N`), which needs a build with the torch backend (docs/TORCH.md).
public struct ComputeDevice: Sendable, Hashable, Codable, CustomStringConvertible {
    public let name: String

    public static let allowed = "cpu, torch-cpu, cuda or cuda:N"
    public static let engine = ComputeDevice(validName: "cpu")

    /// nil when `name` is none of `allowed`.
    public init?(_ name: String) {
        let cuda = name == "cuda" || (name.hasPrefix("cuda:") && Int(name.dropFirst(5)).map { $0 >= 0 } == true)
        guard ["cpu", "torch-cpu"].contains(name) || cuda else { return nil }
        self.name = name
    }

    private init(validName: String) { name = validName }

    /// libtorch's name for the device (nil for the SNN engine).
    public var torchName: String? { name == "cpu" ? nil : name == "torch-cpu" ? "cpu" : name }
    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let device = ComputeDevice(text) else {
            throw PipelineConfigError.badValue(key: "device", value: text, allowed: Self.allowed)
        }
        self = device
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(name)
    }
}
