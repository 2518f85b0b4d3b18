/// Where a neuron, rule or surrogate reads its constants: the pipeline YAML's `neuron:` / `rule:` mapping (the
/// training module's reader names the full key path in its errors). Every getter returns nil for an omitted
/// key and throws for a value of the wrong type or outside what is allowed.
public protocol ConstantReader {
    /// A number that must satisfy `valid`, described by `allowed` (e.g. "> 0").
    func number(_ key: String, allowed: String, where valid: (Float) -> Bool) throws -> Float?
    /// A whole number that must satisfy `valid`.
    func integer(_ key: String, allowed: String, where valid: (Int) -> Bool) throws -> Int?
    /// true or false.
    func flag(_ key: String) throws -> Bool?
    /// One of `words`.
    func word(_ key: String, among words: [String]) throws -> String?
}

/// A model the pipeline YAML can name and configure: a neuron, a learning rule or a surrogate.
public protocol ConfigurableModel: Sendable, Codable, Hashable {
    /// The word that selects it in the YAML (`kind: synaptic_lif`, `surrogate: h2`).
    static var kind: String { get }
    /// The constants it reads, in the order error messages list them.
    static var keys: [String] { get }
    /// Built from the YAML; an omitted constant takes its paper's default.
    init(constants: any ConstantReader) throws
    /// The key of its constants in the checkpoint's network JSON (`{"lif": {"_0": {…}}}`).
    static var checkpointKey: String { get }
}

extension ConfigurableModel {
    public static var checkpointKey: String { kind }
}

extension ConstantReader {
    /// A `Reset` (zero or subtract).
    func reset(_ key: String = "reset") throws -> Reset? {
        try word(key, among: [Reset.zero.rawValue, Reset.subtract.rawValue]).flatMap(Reset.init(rawValue:))
    }
}

/// A reader with nothing in it: every constant takes its default.
public struct DefaultConstants: ConstantReader {
    public init() {}
    public func number(_ key: String, allowed: String, where valid: (Float) -> Bool) throws -> Float? { nil }
    public func integer(_ key: String, allowed: String, where valid: (Int) -> Bool) throws -> Int? { nil }
    public func flag(_ key: String) throws -> Bool? { nil }
    public func word(_ key: String, among words: [String]) throws -> String? { nil }
}
