/// Integrate-and-fire without leak (SpikingJelly's `IFNode`): `u[t] = u_post[t−1] + I[t]`, `s = H(u − Vth)`,
/// hard reset to 0 (`v_reset = 0`) or soft reset by Vth (`v_reset = None`). STBP and BPSA train it as a
/// `LeakyNeuron` with decay 1. (This file and one registry line are all it took; see docs/ARCHITECTURE.md.)
public struct IF: LeakyNeuron {
    public var threshold: Float
    public var reset: Reset
    public var decay: Float { 1 }

    /// Defaults: SpikingJelly's (threshold 1, hard reset to 0).
    public init(threshold: Float = 1, reset: Reset = .zero) {
        self.threshold = threshold
        self.reset = reset
    }

    public static let kind = "if"
    public static let keys = ["threshold", "reset"]

    public init(constants c: any ConstantReader) throws {
        let d = IF()
        self.init(threshold: try c.number("threshold", allowed: "> 0") { $0 > 0 } ?? d.threshold,
                  reset: try c.reset() ?? d.reset)
    }
}
