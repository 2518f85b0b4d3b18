import Foundation
import SpikeEvents

/// 1 s at 16 kHz: digital silence with a 1 kHz tone at amplitude 0.5 over samples 4 000…8 799 (250…550 ms).
let toneBurst: AudioChunk = {
    let samples = (0..<16_000).map { i -> Float in
        guard (4_000..<8_800).contains(i) else { return 0 }
        return Float(0.5 * sin(2 * Double.pi * 1_000 * Double(i) / 16_000))
    }
    return AudioChunk(samples: samples, sampleRate: 16_000)
}()
