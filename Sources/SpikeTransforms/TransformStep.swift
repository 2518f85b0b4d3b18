import Foundation
import SpikeEvents

/// One transform of a list, type-erased. JSON: the transform's parameters plus its tag, e.g.
/// `{"filterTime":10000,"compat":"tonic","type":"denoise"}` (key order is the encoder's; the cache key uses
/// sorted keys).
public struct TransformStep: Hashable, Sendable, Codable, CustomStringConvertible {
    public let transform: any EventTransform

    public init(_ transform: some EventTransform) throws(TransformError) {
        try transform.validate()
        self.transform = transform
    }

    public var name: String { type(of: transform).name }
    public var isRandom: Bool { transform is any RandomTransform }

    /// Applies the transform; `random` is drawn from only by random transforms.
    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      random: inout TransformRandom) throws(TransformError) -> (EventChunk, SensorSize) {
        try checkKind(sensor)
        switch transform {
        case let t as any DeterministicTransform: return try t.apply(consume events, sensor: sensor)
        case let t as any RandomTransform: return try t.apply(consume events, sensor: sensor, random: &random)
        default: preconditionFailure("\(name) conforms to neither DeterministicTransform nor RandomTransform")
        }
    }

    /// Applies the transform to the next chunk of a recording: a `StatefulTransform` continues from `state`
    /// (made on the first chunk), any other deterministic one works per chunk. Random ones are refused.
    public func apply(_ events: consuming EventChunk, sensor: SensorSize,
                      state: inout (any Sendable)?) throws(TransformError) -> (EventChunk, SensorSize) {
        try checkKind(sensor)
        switch transform {
        case let t as any StatefulTransform: return try Self.continue(t, consume events, sensor: sensor, state: &state)
        case let t as any DeterministicTransform: return try t.apply(consume events, sensor: sensor)
        default: throw .randomBeforeCache(transform: name)
        }
    }

    private static func `continue`<T: StatefulTransform>(_ transform: T, _ events: consuming EventChunk, sensor: SensorSize,
                                                        state: inout (any Sendable)?) throws(TransformError) -> (EventChunk, SensorSize) {
        var current = state as? T.State ?? transform.makeState(sensor: sensor)
        state = nil  // the only reference while it is updated, so no copy-on-write of a pixel map
        defer { state = current }
        return try transform.apply(consume events, sensor: sensor, state: &current)
    }

    private func checkKind(_ sensor: SensorSize) throws(TransformError) {
        let kind = EventKind(sensor: sensor)
        guard type(of: transform).accepts.contains(kind) else {
            throw .unsupportedEventKind(transform: name, kind: kind)
        }
    }

    public static func == (a: Self, b: Self) -> Bool { AnyHashable(a.transform) == AnyHashable(b.transform) }
    public func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(transform)) }

    private enum TypeKey: String, CodingKey { case type }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.container(keyedBy: TypeKey.self).decode(String.self, forKey: .type)
        guard let type = TransformCatalog.type(named: name) else {
            throw TransformError.unknownTransform(name: name, known: TransformCatalog.names)
        }
        let transform = try type.init(from: decoder)
        try transform.validate()
        self.transform = transform
    }

    public func encode(to encoder: any Encoder) throws {
        try transform.encode(to: encoder)
        var c = encoder.container(keyedBy: TypeKey.self)
        try c.encode(name, forKey: .type)
    }

    /// The spec string that parses back to this step, e.g. `denoise:compat=tonic,filterTime=10000`.
    public var description: String {
        let parameters = (try? SpecValue.parameters(of: self)) ?? [:]
        let text = parameters.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        return text.isEmpty ? name : name + ":" + text.joined(separator: ",")
    }
}

extension JSONEncoder {
    /// Sorted keys, no escaped slashes: the encoding the cache key hashes.
    static var canonical: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
