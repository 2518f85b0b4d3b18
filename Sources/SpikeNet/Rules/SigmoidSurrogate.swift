import Foundation

/// h3: the derivative of the sigmoid with temperature a.
public struct SigmoidSurrogate: SurrogateFunction {
    public var a: Float
    public init(a: Float = 1) { self.a = a }

    @inline(__always)
    public func derivative(_ u: Float, threshold: Float) -> Float {
        let e = exp(-abs(u - threshold) / a)  // symmetric, so |d| keeps exp from overflowing
        return e / (a * (1 + e) * (1 + e))
    }

    public static let kind = "h3"
    public static let checkpointKey = "sigmoid"
    public static let keys = ["width"]
    public init(constants c: any ConstantReader) throws { self.init(a: try c.surrogateWidth() ?? 1) }
}

extension Surrogate {
    public static func sigmoid(a: Float) -> Surrogate { Surrogate(SigmoidSurrogate(a: a)) }
}
