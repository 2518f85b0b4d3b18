import Foundation

/// h4: the Gaussian density with variance a.
public struct GaussianSurrogate: SurrogateFunction {
    public var variance: Float
    public init(variance: Float = 1) { self.variance = variance }

    @inline(__always)
    public func derivative(_ u: Float, threshold: Float) -> Float {
        let d = u - threshold
        return exp(-d * d / (2 * variance)) / (2 * Float.pi * variance).squareRoot()
    }

    public static let kind = "h4"
    public static let checkpointKey = "gaussian"
    public static let keys = ["width"]
    public init(constants c: any ConstantReader) throws { self.init(variance: try c.surrogateWidth() ?? 1) }
}

extension Surrogate {
    public static func gaussian(variance: Float) -> Surrogate { Surrogate(GaussianSurrogate(variance: variance)) }
}
