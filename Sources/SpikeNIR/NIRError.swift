/// Why a NIR graph could not be written, read or run here. Every message is one line that names the file and,
/// where there is one, the node and its NIR type.
public enum NIRError: Error, CustomStringConvertible, Equatable {
    /// The file does not exist.
    case fileMissing(path: String)
    /// The file could not be opened as HDF5, or read or written (the reason is ours, not libhdf5's).
    case unreadable(path: String, reason: String)
    /// An HDF5 file that is not a NIR graph (no `/version` and `/node` of type NIRGraph).
    case notNIR(path: String, reason: String)
    /// A NIR file written by a newer major version of NIR than this build reads.
    case unsupportedVersion(path: String, found: String)
    /// A node is missing a field or has one of the wrong kind or shape.
    case badNode(node: String, type: String, reason: String)
    /// A node (or graph shape) that cannot be expressed in NIR on export, or run by the engine on import.
    case unsupported(node: String, type: String, reason: String)
    /// The edges do not form one chain from the input to the output.
    case graphShape(reason: String)

    public var description: String {
        switch self {
        case .fileMissing(let path): "NIR file '\(path)' does not exist."
        case let .unreadable(path, reason): "cannot read or write NIR file '\(path)': \(reason)."
        case let .notNIR(path, reason): "'\(path)' is not a NIR graph: \(reason)."
        case let .unsupportedVersion(path, found):
            "'\(path)' was written by NIR \(found); this build reads NIR 1.x graphs (nir package 1.0): re-export it with nir 1.x."
        case let .badNode(node, type, reason): "NIR node '\(node)' (\(type)): \(reason)."
        case let .unsupported(node, type, reason): "NIR node '\(node)' (\(type)) is not supported: \(reason)."
        case .graphShape(let reason): "unsupported NIR graph: \(reason)."
        }
    }
}
