import ArgumentParser
import SpikeAudio
import SpikeFormats

struct BenchSpeechSpikes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "speech-spikes",
        abstract: "Spikes per clip and the fraction of them inside speech, for WAV clips and an audio encoding.",
        discussion: """
            Speech = the 20 ms frames of the clip (as the front end sees it: resampled, padded or trimmed to \
            1 s) whose mean square is within 25 dB of the loudest frame's. Prints one JSON object: clips, \
            spikes_per_clip, in_speech_fraction (spikes in speech / all spikes, over all clips), speech_share \
            (speech frames / all frames). scripts/measure-speech-spikes runs it on the shared Speech Commands clips.
            """)

    @Argument(help: "WAV clips.") var files: [String]
    @OptionGroup var audio: AudioEncodingOptions

    func run() throws {
        let encoder = try AudioEventEncoder(audio.encoding())
        var tally = SpeechSpikeTally()
        for file in files { try tally.add(WAVReader(path: file).readAll(), encoder: encoder) }
        report(["clips": Double(tally.clips), "spikes_per_clip": tally.spikesPerClip,
                "in_speech_fraction": tally.inSpeechFraction, "speech_share": tally.speechShare], name: "speech-spikes")
    }
}
