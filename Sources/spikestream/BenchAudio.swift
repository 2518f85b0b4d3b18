import ArgumentParser
import Dispatch
import Foundation
import SpikeAudio
import SpikeEvents
import SpikeFormats

struct BenchAudio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "WAV decode (MB/s) and log-mel front end + delta spike encoding (clips/s) on WAV files.",
        discussion: "Files longer than --clip-ms are cut into clips of that length for the front-end timing.")

    @Argument(help: "WAV files.") var files: [String]
    @Option(help: "Runs to take the median of.") var `repeat` = 5
    @Option(help: "Passes over the clips per run (more clips per timing).") var passes = 20
    @Option(help: "Worker threads for the parallel clips/s figure.") var workers = 2
    @Option(help: "Clip length in ms.") var clipMs = 1000

    func run() throws {
        let bytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
        var decodedSamples = 0
        let decodeSeconds = try medianSeconds(repeat: `repeat`) {
            decodedSamples = 0
            for _ in 0..<passes { for f in files { decodedSamples += try WAVReader(path: f).readAll().count } }
        }
        let clips = try files.flatMap { try Self.cut(WAVReader(path: $0).readAll(), ms: clipMs) }
        let configuration = AudioEventEncoding()
        var events = 0
        // One encoder per clip: what a preprocess worker does when it builds a fresh one per sample.
        let freshSeconds = try medianSeconds(repeat: `repeat`) {
            events = 0
            for _ in 0..<passes { for c in clips { events += try AudioEventEncoder(configuration).events(c).count } }
        }
        let encoder = try AudioEventEncoder(configuration)
        let reusedSeconds = try medianSeconds(repeat: `repeat`) {
            for _ in 0..<passes { for c in clips { _ = try encoder.events(c) } }
        }
        let parallelSeconds = medianSeconds(repeat: `repeat`) {
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                guard let e = try? AudioEventEncoder(configuration) else { return }
                for _ in 0..<passes { for c in clips.enumerated() where c.offset % workers == w { _ = try? e.events(c.element) } }
            }
        }
        let n = Double(clips.count * passes)
        report(["wav_mb_per_s": Double(bytes * passes) / decodeSeconds / 1e6,
                "wav_msamples_per_s": Double(decodedSamples) / decodeSeconds / 1e6,
                "clips": n, "events_per_clip": Double(events) / n,
                "clips_per_s_fresh_encoder": n / freshSeconds, "clips_per_s": n / reusedSeconds,
                "clips_per_s_parallel": n / parallelSeconds, "workers": Double(workers)], name: "audio")
    }

    /// Consecutive clips of `ms` ms (the last, shorter one is kept: the front end pads it).
    static func cut(_ audio: AudioChunk, ms: Int) -> [AudioChunk] {
        let n = max(1, audio.sampleRate * ms / 1000)
        return stride(from: 0, to: audio.count, by: n).map {
            AudioChunk(samples: Array(audio.samples[$0..<min($0 + n, audio.count)]), sampleRate: audio.sampleRate,
                       startFrame: Int64($0))
        }
    }
}
