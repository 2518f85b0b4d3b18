/// One stage of a network spec string such as `12C5-P2-64C5-P2-10` or `2312-400-400-10`.
public enum SpecToken: Sendable, Equatable {
    case dense(Int)
    /// `12C5`, or `12C5P2` with an explicit zero padding per side (else the network's `samePadding` decides).
    case conv(filters: Int, kernel: Int, padding: Int?)
    case pool(Pool2d.Kind, Int)
    case dropout(Float)
    /// `10V10`: a dense layer of classes·voters spiking neurons, then a `Vote` down to `classes`.
    case vote(classes: Int, voters: Int)

    /// Parses a whole spec for an input of `inputShape` (`[C, H, W]` or `[N]`). A leading plain number names the
    /// input, as in the papers' notation (`2312-400-10` for 2×34×34 frames), and is skipped when it equals the
    /// flattened input size, or when two or more dense, conv or voting layers follow it; then it must equal the
    /// input size (a typo such as `2000-400-10` would otherwise build another network). With fewer layers after it
    /// (`400-10`, `2048-DP-35V10`) it is the first hidden layer.
    public static func parse(_ spec: String, inputShape: [Int]) throws(SpikeNetError) -> [SpecToken] {
        let tokens = try parse(spec)
        guard case let .dense(first) = tokens.first, tokens.count > 1 else { return tokens }
        let inputSize = inputShape.reduce(1, *)
        if first == inputSize { return Array(tokens.dropFirst()) }
        let layersAfter = tokens.dropFirst().filter(\.hasNeurons).count
        guard layersAfter >= 2 else { return tokens }
        throw .specInputMismatch(spec: spec, named: first, inputShape: inputShape)
    }

    /// Parses a spec's tokens, checking their syntax only (the input is not known yet).
    public static func parse(_ spec: String) throws(SpikeNetError) -> [SpecToken] {
        let parts = spec.split(separator: "-").map(String.init)
        guard !parts.isEmpty else { throw .badSpec(spec: spec, token: "", reason: "is empty") }
        var tokens: [SpecToken] = []
        for part in parts { tokens.append(try parseToken(part, spec: spec)) }
        return tokens
    }

    /// Whether the token is a layer of neurons (dense, conv or voting), not a pool or dropout.
    var hasNeurons: Bool {
        switch self {
        case .dense, .conv, .vote: true
        case .pool, .dropout: false
        }
    }

    static func parseToken(_ raw: String, spec: String) throws(SpikeNetError) -> SpecToken {
        let t = raw.uppercased()
        func int(_ s: Substring) throws(SpikeNetError) -> Int {
            guard let v = Int(s), v > 0 else { throw .badSpec(spec: spec, token: raw, reason: "needs a positive size") }
            return v
        }
        if let v = Int(t) { return .dense(try int(Substring(String(v)))) }
        for (prefix, kind) in [("MP", Pool2d.Kind.max), ("AP", .average), ("P", .average)] where t.hasPrefix(prefix) {
            return .pool(kind, try int(t.dropFirst(prefix.count)))
        }
        if t.hasPrefix("DP") {
            let rest = t.dropFirst(2)
            guard rest.isEmpty || (Float(rest).map { $0 >= 0 && $0 < 1 } ?? false) else {
                throw .badSpec(spec: spec, token: raw, reason: "needs a dropout rate in [0, 1)")
            }
            return .dropout(rest.isEmpty ? 0.5 : Float(rest)!)
        }
        if let c = t.firstIndex(of: "C") {
            let rest = t[t.index(after: c)...]
            guard let p = rest.firstIndex(of: "P") else { return .conv(filters: try int(t[..<c]), kernel: try int(rest), padding: nil) }
            let padding = rest[rest.index(after: p)...]
            guard let pad = Int(padding), pad >= 0 else { throw .badSpec(spec: spec, token: raw, reason: "needs a padding ≥ 0 after P") }
            return .conv(filters: try int(t[..<c]), kernel: try int(rest[..<p]), padding: pad)
        }
        if let v = t.firstIndex(of: "V") {
            let voters = t[t.index(after: v)...]
            return .vote(classes: try int(t[..<v]), voters: voters.isEmpty ? 10 : try int(voters))
        }
        throw .badSpec(spec: spec, token: raw, reason: "is not a layer")
    }
}
