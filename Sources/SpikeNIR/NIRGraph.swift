import SpikeCache

/// One node of a NIR graph: its NIR type name (`Affine`, `LIF`, …) and its fields as the file stores them
/// (`weight`, `tau`, …; arrays row-major, NIR's shapes without a batch dimension). A `NIRGraph` node keeps its
/// nested graph in `subgraph`.
public struct NIRNode: Sendable, Equatable {
    public var type: String
    public var fields: [String: HDF5TreeValue]
    public var subgraph: NIRGraph?

    public init(type: String, fields: [String: HDF5TreeValue] = [:], subgraph: NIRGraph? = nil) {
        self.type = type
        self.fields = fields
        self.subgraph = subgraph
    }
}

/// A NIR graph: named nodes and directed edges between them (`nir.NIRGraph`).
public struct NIRGraph: Sendable, Equatable {
    public var nodes: [String: NIRNode]
    public var edges: [NIREdge]

    public init(nodes: [String: NIRNode] = [:], edges: [NIREdge] = []) {
        self.nodes = nodes
        self.edges = edges
    }
}

public struct NIREdge: Sendable, Equatable, Hashable {
    public var from: String
    public var to: String

    public init(_ from: String, _ to: String) {
        self.from = from
        self.to = to
    }
}

/// Typed reads of a node's fields, with errors naming the node.
struct NIRFields {
    let name: String
    let node: NIRNode

    func floats(_ key: String) throws(NIRError) -> (shape: [Int], values: [Float]) {
        switch node.fields[key] {
        case let .floats(shape, values)?: return (shape, values)
        case let .integers(shape, values)?: return (shape, values.map(Float.init))
        case .strings?: throw .badNode(node: name, type: node.type, reason: "field '\(key)' is text, not numbers")
        case nil: throw .badNode(node: name, type: node.type, reason: "field '\(key)' is missing")
        }
    }

    func integers(_ key: String) throws(NIRError) -> [Int] {
        switch node.fields[key] {
        case let .integers(_, values)?: return values.map { Int($0) }
        case let .floats(_, values)?:
            guard values.allSatisfy({ $0.rounded() == $0 && abs($0) < 1e9 }) else {
                throw .badNode(node: name, type: node.type, reason: "field '\(key)' must hold whole numbers")
            }
            return values.map { Int($0) }
        case .strings?: throw .badNode(node: name, type: node.type, reason: "field '\(key)' is text, not numbers")
        case nil: throw .badNode(node: name, type: node.type, reason: "field '\(key)' is missing")
        }
    }

    /// A per-neuron parameter that must be the same for every neuron (the engine has one value per layer).
    func uniform(_ key: String) throws(NIRError) -> Float {
        let (_, values) = try floats(key)
        guard let first = values.first else {
            throw .badNode(node: name, type: node.type, reason: "field '\(key)' is empty")
        }
        let tolerance = max(abs(first) * 1e-5, 1e-12)
        guard values.allSatisfy({ abs($0 - first) <= tolerance }) else {
            throw .unsupported(node: name, type: node.type,
                               reason: "'\(key)' differs between neurons; the engine runs one value per layer")
        }
        return first
    }

    /// An optional uniform parameter that must be zero (v_leak, v_reset).
    func zeroIfPresent(_ key: String, meaning: String) throws(NIRError) {
        guard node.fields[key] != nil else { return }
        let value = try uniform(key)
        guard abs(value) < 1e-6 else {
            throw .unsupported(node: name, type: node.type, reason: "\(key) = \(value); the engine's neurons \(meaning)")
        }
    }
}
