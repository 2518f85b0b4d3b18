import Foundation
import SpikeCache

/// A NIR graph on disk, in the layout of the `nir` package's `nir.write` / `nir.read` (nir 1.0): a root dataset
/// `version` (variable-length UTF-8 text) and a group `node` holding the graph: its `type` ("NIRGraph"), `edges`
/// (an N × 2 text array of node names) and one group per node under `nodes/`, each with its `type` and its fields
/// as datasets (float32 arrays, int64 arrays or scalars, text). Written and read with the cache's libhdf5.
public enum NIRFile {
    /// The NIR version written (`nir.version` of the package whose layout this follows).
    public static let version = "1.0.8"
    /// The major version read; a file from a newer one is refused.
    static let readableMajor = 1

    public static func write(_ graph: NIRGraph, to path: String) throws(NIRError) {
        let tree = HDF5Tree(datasets: ["version": .strings(shape: [], values: [version])],
                            groups: ["node": group(graph)])
        let folder = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
        } catch {
            throw .unreadable(path: path, reason: "its folder could not be created (\(error.localizedDescription))")
        }
        do { try tree.write(to: path) } catch {
            throw .unreadable(path: path, reason: "the file could not be written (check the folder exists and free disk space)")
        }
    }

    public static func read(path: String) throws(NIRError) -> NIRGraph {
        let tree: HDF5Tree
        do { tree = try HDF5Tree.read(path: path) } catch {
            switch error {
            case .fileMissing: throw .fileMissing(path: path)
            case .hdf5(_, let operation, _) where operation == "open the file":
                throw .notNIR(path: path, reason: "it is not an HDF5 file")
            case .malformed(_, let reason): throw .notNIR(path: path, reason: reason)
            default: throw .unreadable(path: path, reason: "its HDF5 contents could not be read")
            }
        }
        guard case let .strings(_, versions)? = tree.datasets["version"], let found = versions.first else {
            throw .notNIR(path: path, reason: "it has no /version text (a SpikeStream model? convert it with `spikestream export`)")
        }
        let major = Int(found.split(separator: ".").first ?? "") ?? Int.max
        guard major <= readableMajor else { throw .unsupportedVersion(path: path, found: found) }
        guard let root = tree.groups["node"] else { throw .notNIR(path: path, reason: "it has no /node group") }
        return try graph(root, name: "node", path: path)
    }

    static func group(_ graph: NIRGraph) -> HDF5Tree {
        var nodes: [String: HDF5Tree] = [:]
        for (name, node) in graph.nodes {
            var datasets = node.fields
            datasets["type"] = .strings(shape: [], values: [node.type])
            nodes[name] = HDF5Tree(datasets: datasets)
            if let subgraph = node.subgraph { nodes[name] = group(subgraph) }
        }
        return HDF5Tree(datasets: ["type": .strings(shape: [], values: ["NIRGraph"]),
                                   "edges": .strings(shape: [graph.edges.count, 2],
                                                     values: graph.edges.flatMap { [$0.from, $0.to] })],
                        groups: ["nodes": HDF5Tree(groups: nodes)])
    }

    static func graph(_ group: HDF5Tree, name: String, path: String) throws(NIRError) -> NIRGraph {
        guard typeName(of: group) == "NIRGraph" else {
            throw .notNIR(path: path, reason: "'\(name)' is not of type NIRGraph")
        }
        guard let nodeGroups = group.groups["nodes"] else { throw .notNIR(path: path, reason: "'\(name)' has no nodes") }
        var edges: [NIREdge] = []
        switch group.datasets["edges"] {
        case let .strings(shape, values)? where (shape.count == 2 && shape[1] == 2) || values.isEmpty:
            edges = stride(from: 0, to: values.count - 1, by: 2).map { NIREdge(values[$0], values[$0 + 1]) }
        default:
            throw .notNIR(path: path, reason: "'\(name)/edges' is not an N × 2 array of node names")
        }
        var nodes: [String: NIRNode] = [:]
        for (key, child) in nodeGroups.groups {
            let kind = typeName(of: child)
            guard !kind.isEmpty else { throw .badNode(node: key, type: "?", reason: "it has no 'type'") }
            if kind == "NIRGraph" {
                nodes[key] = NIRNode(type: kind, subgraph: try graph(child, name: key, path: path))
            } else {
                var fields = child.datasets
                fields["type"] = nil
                nodes[key] = NIRNode(type: kind, fields: fields)
            }
        }
        return NIRGraph(nodes: nodes, edges: edges)
    }

    private static func typeName(of group: HDF5Tree) -> String {
        guard case let .strings(_, values)? = group.datasets["type"] else { return "" }
        return values.first ?? ""
    }
}
