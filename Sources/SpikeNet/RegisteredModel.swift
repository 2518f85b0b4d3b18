/// The checkpoint JSON of a registered model (neuron, rule, surrogate): `{"<checkpointKey>": {"_0": {…}}}` for
/// neurons and rules (the layout of the enums they once were), `{"<checkpointKey>": {…}}` for surrogates.
enum RegisteredModel {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init(stringValue: String) { self.init(stringValue) }
        init?(intValue: Int) { nil }
    }

    static func decode(from decoder: any Decoder, among types: [any ConfigurableModel.Type], what: String,
                       wrapped: Bool = true) throws -> any ConfigurableModel {
        let c = try decoder.container(keyedBy: Key.self)
        for key in c.allKeys {
            guard let type = types.first(where: { $0.checkpointKey == key.stringValue }) else { continue }
            return try decodeValue(type, c, key, wrapped: wrapped)
        }
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription:
            "no known \(what) among keys \(c.allKeys.map(\.stringValue))"))
    }

    private static func decodeValue<T: ConfigurableModel>(_ type: T.Type, _ c: KeyedDecodingContainer<Key>, _ key: Key,
                                                          wrapped: Bool) throws -> T {
        guard wrapped else { return try c.decode(T.self, forKey: key) }
        return try c.nestedContainer(keyedBy: Key.self, forKey: key).decode(T.self, forKey: Key("_0"))
    }

    static func encode(_ model: some ConfigurableModel, to encoder: any Encoder, wrapped: Bool = true) throws {
        var c = encoder.container(keyedBy: Key.self)
        let key = Key(type(of: model).checkpointKey)
        guard wrapped else { return try c.encode(model, forKey: key) }
        var inner = c.nestedContainer(keyedBy: Key.self, forKey: key)
        try inner.encode(model, forKey: Key("_0"))
    }
}
