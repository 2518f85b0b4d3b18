import Testing

/// Says, visibly, when this build has no torch backend (scripts/install-torch, then rebuild, builds it).
@Suite("Torch backend availability")
struct TorchAvailabilityTests {
    #if SPIKESTREAM_TORCH
    static let isBuilt = true
    #else
    static let isBuilt = false
    #endif

    @Test("the torch backend's tests ran", .enabled(if: isBuilt, "SKIPPED: the torch backend is not built (run scripts/install-torch, then swift build)"))
    func backendBuilt() {}
}
