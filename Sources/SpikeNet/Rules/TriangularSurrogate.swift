/// h2: (√a/2 − a/4·|u − Vth|) on |u − Vth| < 2/√a.
public struct TriangularSurrogate: SurrogateFunction {
    public var a: Float
    public init(a: Float = 1) { self.a = a }

    @inline(__always)
    public func derivative(_ u: Float, threshold: Float) -> Float {
        let d = u - threshold, r = a.squareRoot()
        return abs(d) < 2 / r ? r / 2 - a / 4 * abs(d) : 0
    }

    public static let kind = "h2"
    public static let checkpointKey = "triangular"
    public static let keys = ["width"]
    public init(constants c: any ConstantReader) throws { self.init(a: try c.surrogateWidth() ?? 1) }
}

extension Surrogate {
    public static func triangular(a: Float) -> Surrogate { Surrogate(TriangularSurrogate(a: a)) }
}
