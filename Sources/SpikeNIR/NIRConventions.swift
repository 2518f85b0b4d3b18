/// The discrete-time reading of NIR's continuous-time neurons that snnTorch's exporter and importer use, and so
/// this build: one engine time step is `dt` = 1e-4 s, a decay β per step is `τ = dt / (1 − β)`, and a LIF's input
/// gain `r·dt/τ` is 1 (`r = τ / dt`), so `v[t] = β·v[t−1] + I[t]`. `v_leak` is 0; neurons reset to `v_reset`
/// (0). CubaLIF: the synaptic current decays with `τ_syn = dt / (1 − α)` and is fed with gain `w_in·dt/τ_syn`.
/// IF: `v[t] = v[t−1] + r·I[t]`.
public enum NIRConventions {
    public static let dt: Double = 1e-4

    /// τ of a per-step decay β < 1.
    static func tau(decay: Double) -> Double { dt / (1 - decay) }

    /// The per-step decay of τ.
    static func decay(tau: Double) -> Double { 1 - dt / tau }
}
