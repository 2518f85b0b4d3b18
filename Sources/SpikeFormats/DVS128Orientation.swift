/// How raw DVS128 address fields (jAER AEDAT 2.0) become `x`, `y`, `p`.
///
/// The jAER address word holds `raw_x` (bits 1–7, mirrored: jAER shows column `127 − raw_x`), `raw_y` (bits
/// 8–14, counted upwards from the bottom row) and `raw_p` (bit 0, 0 = ON). Libraries disagree on the mapping,
/// so each published one is available; the default is SpikeStream's single convention.
public enum DVS128Orientation: String, CaseIterable, Codable, Sendable {
    /// SpikeStream's convention (docs/DATASETS.md): `x` = column, `y` = row from the top, `p = 1` ON:
    /// `x = 127 − raw_x`, `y = 127 − raw_y`, `p = 1 − raw_p`.
    case standard
    /// The address bits unchanged: `x = raw_x`, `y = raw_y`, `p = raw_p` (0 = ON).
    case raw
    /// jAER's DVS128 extractor (y axis pointing up): `x = 127 − raw_x`, `y = raw_y`, `p = 1 − raw_p`.
    case jaer
    /// SpikingJelly's CIFAR10-DVS loader, a transpose of `standard`: `x = 127 − raw_y`, `y = 127 − raw_x`,
    /// `p = 1 − raw_p`.
    case spikingjelly

    /// Shift of the 7-bit field that becomes `x` / `y`, and what to XOR into it (127 mirrors a 7-bit value).
    var xShift: UInt32 { self == .spikingjelly ? 8 : 1 }
    var yShift: UInt32 { self == .spikingjelly ? 1 : 8 }
    var xMirror: UInt16 { self == .raw ? 0 : 127 }
    var yMirror: UInt16 { self == .raw || self == .jaer ? 0 : 127 }
    var polarityFlip: UInt8 { self == .raw ? 0 : 1 }

    /// The address word of an event given in this orientation (the inverse of the mapping above), for writers.
    func address(x: UInt16, y: UInt16, p: UInt8) -> UInt32 {
        let a = UInt32((x ^ xMirror) & 0x7F), b = UInt32((y ^ yMirror) & 0x7F)
        let (rawX, rawY) = self == .spikingjelly ? (b, a) : (a, b)
        return rawY << 8 | rawX << 1 | UInt32((p ^ polarityFlip) & 1)
    }
}
