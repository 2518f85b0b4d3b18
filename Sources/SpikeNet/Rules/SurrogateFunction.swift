/// A surrogate for ∂s/∂u, the derivative of the spike's Heaviside step (SpikingJelly's `surrogate_function`).
/// A new one is one file with a conforming type plus one line in `Surrogate.registry`.
public protocol SurrogateFunction: ConfigurableModel {
    /// ∂s/∂u at membrane `u` for a neuron with threshold `threshold`.
    func derivative(_ u: Float, threshold: Float) -> Float
    /// `derivative` of `count` membranes into `d`. Leave it to the default: as a requirement it is emitted
    /// specialised (vectorisable) for each surrogate, which a generic loop called through the existential is not.
    func derivatives(_ u: UnsafePointer<Float>, threshold: Float, into d: UnsafeMutablePointer<Float>, count: Int)
}

extension SurrogateFunction {
    public func derivatives(_ u: UnsafePointer<Float>, threshold: Float, into d: UnsafeMutablePointer<Float>, count: Int) {
        for j in 0..<count { d[j] = derivative(u[j], threshold: threshold) }
    }
}

/// Any registered surrogate as one value. Encodes as `{"<checkpointKey>": {…}}` (e.g. `{"rectangular":
/// {"width": 1}}`), the layout checkpoints have always used.
public struct Surrogate: Sendable, Hashable, Codable {
    public let function: any SurrogateFunction

    public init(_ function: any SurrogateFunction) { self.function = function }

    /// STBP's h1–h4 (Wu et al. 2018, Eq. 23–26), each integrating to 1 over u, centred on Vth.
    public static let registry: [any SurrogateFunction.Type] = [
        RectangularSurrogate.self, TriangularSurrogate.self, SigmoidSurrogate.self, GaussianSurrogate.self,
    ]

    @inline(__always)
    public func derivative(_ u: Float, threshold: Float) -> Float { function.derivative(u, threshold: threshold) }

    /// The surrogate a YAML section names with `surrogate:` (default h1) and configures with its own keys.
    init(constants c: any ConstantReader) throws {
        let kind = try c.word("surrogate", among: Self.registry.map { $0.kind }) ?? RectangularSurrogate.kind
        let type = Self.registry.first { $0.kind == kind }!
        function = try type.init(constants: c)
    }

    public static func == (a: Surrogate, b: Surrogate) -> Bool { AnyHashable(a.function) == AnyHashable(b.function) }
    public func hash(into hasher: inout Hasher) { hasher.combine(AnyHashable(self.function)) }

    public init(from decoder: any Decoder) throws {
        function = try RegisteredModel.decode(from: decoder, among: Self.registry, what: "surrogate", wrapped: false)
            as! any SurrogateFunction
    }

    public func encode(to encoder: any Encoder) throws { try RegisteredModel.encode(self.function, to: encoder, wrapped: false) }
}
