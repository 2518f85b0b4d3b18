import Foundation
import SpikeEvents
import SpikeFormats
import SpikeTestSupport
import Testing
@testable import SpikeAudio

/// espeak-ng, when installed (Debian package `espeak-ng`; scripts/test installs it).
private let espeak: String? = ["/usr/bin/espeak-ng", "/usr/local/bin/espeak-ng"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

@Suite("Audio on espeak-ng speech", .enabled(if: espeak != nil, "SKIPPED: espeak-ng not installed (apt-get install espeak-ng)"))
struct AudioEspeakTests {
    @Test("a spoken word at 22050 Hz is read, resampled to 16 kHz and gives events where the speech is")
    func spokenWord() throws {
        let path = try RepoPaths.temporaryDirectory("espeak") + "/yes.wav"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: espeak!)
        process.arguments = ["-w", path, "yes"]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let reader = try WAVReader(path: path)
        #expect(reader.sampleRate == 22_050 && reader.format.channels == 1)
        let audio = try reader.readAll()
        let loudest = audio.samples.indices.max { abs(audio.samples[$0]) < abs(audio.samples[$1]) }!
        let events = try AudioEventEncoder(AudioEventEncoding()).events(audio)
        #expect(events.count > 100)
        // Most ON events lie within 300 ms of the loudest sample (the word), none after the 1-s clip.
        let loudestMicroseconds = Int64(loudest) * 1_000_000 / 22_050
        let on = (0..<events.count).filter { events.p[$0] == 1 }
        let near = on.filter { abs(events.t[$0] - loudestMicroseconds) < 300_000 }
        #expect(Double(near.count) > 0.8 * Double(on.count))
        #expect(events.t.last! < 1_000_000 && events.x.max()! < 40 && events.y.allSatisfy { $0 == 0 })
    }
}
