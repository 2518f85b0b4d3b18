import Foundation

/// A "nice" axis: bounds and tick step of 1, 2 or 5 × 10^k covering the data, about `targetTicks` ticks.
public struct AxisScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double
    public let step: Double

    /// The smallest nice axis covering `low…high`; `integer` keeps the step a whole number (epochs, channels).
    public init(covering low: Double, _ high: Double, targetTicks: Int = 5, integer: Bool = false) {
        var (lo, hi) = (low, high)
        if hi <= lo {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            (lo, hi) = (lo - pad, hi + pad)
        }
        let raw = (hi - lo) / Double(max(1, targetTicks))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let normalised = raw / magnitude
        var step = (normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10) * magnitude
        if integer { step = max(1, step.rounded(.up)) }
        self.step = step
        lower = (lo / step).rounded(.down) * step
        upper = (hi / step).rounded(.up) * step
    }

    /// The tick values from `lower` to `upper`.
    public var ticks: [Double] {
        let n = Int(((upper - lower) / step).rounded())
        return (0...n).map { lower + Double($0) * step }
    }

    /// `value` printed with as many decimals as the step needs.
    public func label(_ value: Double) -> String {
        let decimals = max(0, Int(-log10(step).rounded(.down)))
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }

    /// Where `value` falls between `lower` (0) and `upper` (1).
    public func fraction(_ value: Double) -> Double { (value - lower) / (upper - lower) }
}
