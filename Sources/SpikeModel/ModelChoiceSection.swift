import SpikeNet

/// One constant of a `neuron:` or `rule:` mapping as it was written, kept so the section encodes back (into the
/// checkpoint's config JSON) exactly as it was read.
enum ConfigConstant: Sendable, Hashable, Encodable {
    case number(Float), integer(Int), flag(Bool), word(String)

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case let .number(f): try c.encode(f)
        case let .integer(i): try c.encode(i)
        case let .flag(b): try c.encode(b)
        case let .word(w): try c.encode(w)
        }
    }
}

/// The registered models one section picks from, and the value the engine takes.
public protocol ModelChoices {
    associatedtype Value: Sendable & Hashable
    static var models: [any ConfigurableModel.Type] { get }
    /// The kind when the YAML names none.
    static var fallback: String { get }
    static func wrap(_ model: any ConfigurableModel) -> Value
}

/// A section of the pipeline YAML that picks a registered model by `kind:` (`neuron:`, `rule:`).
public struct ModelSection<Choices: ModelChoices>: Sendable, Codable, Hashable {
    let choice: ModelChoice
    /// What the engine takes: a `Neuron` or a `LearningRule`.
    public let value: Choices.Value

    /// The model's YAML name.
    public var kind: String { choice.kind }

    /// The default kind with every constant at its default.
    public init() { self.init(kind: Choices.fallback)! }

    /// `kind` with every constant at its default; nil when no registered model has that kind.
    public init?(kind: String) {
        guard let type = Choices.models.first(where: { $0.kind == kind }),
              let model = try? type.init(constants: DefaultConstants()) else { return nil }
        choice = ModelChoice(kind: kind, constants: [:])
        value = Choices.wrap(model)
    }

    public init(from decoder: any Decoder) throws {
        let (choice, model) = try ModelChoice.read(decoder, models: Choices.models, fallback: Choices.fallback)
        self.choice = choice
        value = Choices.wrap(model)
    }

    public func encode(to encoder: any Encoder) throws { try choice.encode(to: encoder) }
    public static func == (a: Self, b: Self) -> Bool { a.choice == b.choice }
    public func hash(into hasher: inout Hasher) { hasher.combine(choice) }
}

/// A mapping whose `kind:` picks one registered model (a neuron or a learning rule) and whose other keys are that
/// model's constants, each checked by the model itself; keys of other kinds are refused by name.
struct ModelChoice: Sendable, Hashable {
    let kind: String
    let constants: [String: ConfigConstant]

    /// Reads the mapping at `decoder`; `models` are the registered types, `fallback` the kind when none is given.
    static func read(_ decoder: any Decoder, models: [any ConfigurableModel.Type],
                     fallback: String) throws -> (ModelChoice, any ConfigurableModel) {
        var allKeys = ["kind"]
        for m in models { allKeys += m.keys.filter { !allKeys.contains($0) } }
        let c = try ConfigSection(decoder, allowed: allKeys)
        let kind = try c.word("kind", among: models.map { $0.kind }) ?? fallback
        let type = models.first { $0.kind == kind }!
        try c.only(["kind"] + type.keys, because: "kind: \(kind)")
        let reader = RecordingReader(c)
        let model = try type.init(constants: reader)
        return (ModelChoice(kind: kind, constants: reader.seen), model)
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: AnyKey.self)
        try c.encode(kind, forKey: AnyKey(stringValue: "kind"))
        for (key, value) in constants { try c.encode(value, forKey: AnyKey(stringValue: key)) }
    }
}

/// Forwards to a `ConfigSection` and remembers every constant that was present.
private final class RecordingReader: ConstantReader {
    let section: ConfigSection
    var seen: [String: ConfigConstant] = [:]

    init(_ section: ConfigSection) { self.section = section }

    func number(_ key: String, allowed: String, where valid: (Float) -> Bool) throws -> Float? {
        record(key, try section.number(key, allowed: allowed, where: valid), ConfigConstant.number)
    }
    func integer(_ key: String, allowed: String, where valid: (Int) -> Bool) throws -> Int? {
        record(key, try section.integer(key, allowed: allowed, where: valid), ConfigConstant.integer)
    }
    func flag(_ key: String) throws -> Bool? { record(key, try section.flag(key), ConfigConstant.flag) }
    func word(_ key: String, among words: [String]) throws -> String? {
        record(key, try section.word(key, among: words), ConfigConstant.word)
    }

    private func record<T>(_ key: String, _ value: T?, _ wrap: (T) -> ConfigConstant) -> T? {
        if let value { seen[key] = wrap(value) }
        return value
    }
}

extension ConfigSection: ConstantReader {
    package func number(_ key: String, allowed: String, where valid: (Float) -> Bool) throws -> Float? {
        try number(key, Float.self, allowed: allowed, where: valid)
    }

    package func integer(_ key: String, allowed: String, where valid: (Int) -> Bool) throws -> Int? {
        try number(key, Int.self, allowed: allowed, where: valid)
    }

    package func flag(_ key: String) throws -> Bool? { try optional(key, Bool.self, expected: "true or false") }

    package func word(_ key: String, among words: [String]) throws -> String? {
        let allowed = "one of " + words.joined(separator: ", ")
        guard let raw = try optional(key, String.self, expected: allowed) else { return nil }
        guard words.contains(raw) else { throw PipelineConfigError.badValue(key: qualified(key), value: raw, allowed: allowed) }
        return raw
    }
}
