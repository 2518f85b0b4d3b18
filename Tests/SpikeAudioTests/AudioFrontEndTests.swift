import Foundation
import SpikeEvents
import Testing
@testable import SpikeAudio

@Suite("Audio front end")
struct AudioFrontEndTests {
    @Test("mel scales: HTK 1000 Hz ≈ 1000 mel, Slaney linear below 1 kHz, round trips")
    func melScales() {
        #expect(abs(MelScale.htk.mel(hz: 1000) - 999.9855) < 1e-3)  // 2595·log10(1 + 1000/700)
        #expect(MelScale.slaney.mel(hz: 600) == 9)                   // 600 / (200/3)
        #expect(abs(MelScale.slaney.mel(hz: 6400) - 42) < 1e-9)      // 15 + 27·ln(6.4)/ln(6.4)
        for scale in MelScale.allCases {
            for hz in [0.0, 20, 440, 1000, 3999, 8000] { #expect(abs(scale.hz(mel: scale.mel(hz: hz)) - hz) < 1e-6) }
        }
    }

    @Test("a pure tone peaks in the mel band that contains it")
    func toneBand() throws {
        var c = AudioFrontEndConfiguration()
        c.compression = .none
        c.melNorm = .none
        let front = try AudioFrontEnd(c)
        let tone = (0..<16_000).map { Float(sin(2 * Double.pi * 1000 * Double($0) / 16_000)) }
        let f = try front.features(AudioChunk(samples: tone, sampleRate: 16_000))
        #expect(f.frames == 101 && f.channels == 40)
        let row = (0..<40).map { f[50, $0] }
        let peak = row.indices.max { row[$0] < row[$1] }!
        // Band m spans mel points m … m+2; 1 kHz must lie inside the peak band.
        let lo = MelScale.slaney.mel(hz: 20), hi = MelScale.slaney.mel(hz: 4000)
        let edges = (0..<42).map { MelScale.slaney.hz(mel: lo + (hi - lo) * Double($0) / 41) }
        #expect(edges[peak] < 1000 && 1000 < edges[peak + 2])
    }

    @Test("clips are zero-padded / trimmed to clipSamples and frame counts follow")
    func padTrim() throws {
        var c = AudioFrontEndConfiguration()
        let front = try AudioFrontEnd(c)
        let short = try front.prepare(AudioChunk(samples: [0.5, -0.5], sampleRate: 16_000))
        #expect(short.count == 16_000 && short[0] == 0.5 && short[1] == -0.5 && short[2...].allSatisfy { $0 == 0 })
        let long = try front.prepare(AudioChunk(samples: [Float](repeating: 1, count: 20_000), sampleRate: 16_000))
        #expect(long.count == 16_000)
        c.clipSamples = nil
        c.center = false
        #expect(c.frameCount(samples: 16_000) == 1 + (16_000 - 512) / 160)
        let f = try AudioFrontEnd(c).features(AudioChunk(samples: [Float](repeating: 0, count: 1000), sampleRate: 16_000))
        #expect(f.frames == 1 + (1000 - 512) / 160)
    }

    @Test("resampling 8 kHz → 16 kHz keeps a 1 kHz tone's frequency and amplitude")
    func resampling() throws {
        let tone8k = (0..<8_000).map { Float(0.5 * sin(2 * Double.pi * 1000 * Double($0) / 8_000)) }
        let front = try AudioFrontEnd(AudioFrontEndConfiguration())
        let out = try front.prepare(AudioChunk(samples: tone8k, sampleRate: 8_000))
        #expect(out.count == 16_000)
        // Away from the edges the output is the same tone sampled at 16 kHz: compare with the analytic signal,
        // allowing a constant delay of up to a few samples (searched).
        let middle = 4_000..<12_000
        let best = (-4...4).map { d in
            middle.map { abs(Double(out[$0]) - 0.5 * sin(2 * Double.pi * 1000 * Double($0 + d) / 16_000)) }.max()!
        }.min()!
        #expect(best < 0.01)
    }
}
