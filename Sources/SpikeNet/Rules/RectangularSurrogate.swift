/// h1: 1/a on |u − Vth| < a/2.
public struct RectangularSurrogate: SurrogateFunction {
    public var width: Float
    public init(width: Float = 1) { self.width = width }

    @inline(__always)
    public func derivative(_ u: Float, threshold: Float) -> Float { abs(u - threshold) < width / 2 ? 1 / width : 0 }

    public static let kind = "h1"
    public static let checkpointKey = "rectangular"
    public static let keys = ["width"]
    public init(constants c: any ConstantReader) throws { self.init(width: try c.surrogateWidth() ?? 1) }
}

extension Surrogate {
    public static func rectangular(width: Float) -> Surrogate { Surrogate(RectangularSurrogate(width: width)) }
}

extension ConstantReader {
    /// The surrogates' shared `width:` key: a_i of the paper (width, a, temperature or variance).
    func surrogateWidth() throws -> Float? { try number("width", allowed: "> 0") { $0 > 0 } }
}
