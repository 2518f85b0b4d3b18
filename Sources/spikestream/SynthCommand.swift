import ArgumentParser
import Foundation
import SpikeDatasets
import SpikePipeline

struct SynthCommand: AsyncParsableCommand {
    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case nmnist, speechcommands
    }

    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "Write a synthetic dataset: digits in the N-MNIST layout, or spoken commands in the Speech Commands one.",
        discussion: """
            nmnist: digits 0–9 are drawn procedurally with per-sample jitter, moved along N-MNIST's three saccades \
            (~100 ms each) and turned into events by a DVS emulator (log-intensity change against a per-pixel \
            contrast threshold, refractory period, background noise) → Train/<digit>/*.bin, Test/…

            speechcommands: the 10 command words (yes no up down left right on off stop go) and 6 unknown words \
            (bed bird cat dog house tree) spoken by espeak-ng (run as a program; apt-get install espeak-ng) in \
            84 voices (7 English accents × 12 variants), each command word --takes-per-voice times at different \
            points of a 4-speed × 5-pitch grid, placed at a random time and level in a 1 s 16 kHz clip and mixed \
            with white, pink, brown or hum noise (also written to _background_noise_/) at an SNR uniform in \
            --snr-db-min…--snr-db-max → <word>/<speaker>_nohash_<take>.wav with validation_list.txt and \
            testing_list.txt holding out whole voices (10 % and 20 %). Read it with --dataset speechcommands.

            The same seed gives the same bytes (for speech: with the same espeak-ng version).
            """)

    @Option(help: "Which synthetic dataset: nmnist or speechcommands.") var dataset: Kind = .nmnist
    @Option(help: "Output dataset root (default: data/synthetic-nmnist or data/synthetic-speech).") var out: String?
    @Option(help: "nmnist: training samples per digit.") var trainPerClass = 100
    @Option(help: "nmnist: test samples per digit.") var testPerClass = 20
    @Option(help: "speechcommands: takes of each command word per voice (1…20, distinct speed/pitch).")
    var takesPerVoice = SyntheticSpeechCommands.Configuration().takesPerVoice
    @Option(help: "speechcommands: lowest speech-to-noise ratio in dB.")
    var snrDbMin = SyntheticSpeechCommands.Configuration().snrDB.lowerBound
    @Option(help: "speechcommands: highest speech-to-noise ratio in dB.")
    var snrDbMax = SyntheticSpeechCommands.Configuration().snrDB.upperBound
    @Option(help: "speechcommands: the espeak-ng program (a path or a name on PATH).") var espeak = "espeak-ng"
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Flag(help: "Replace an earlier synthetic dataset at --out.") var overwrite = false

    func validate() throws {
        guard trainPerClass >= 0, testPerClass >= 0, trainPerClass + testPerClass > 0 else {
            throw ValidationError("--train-per-class and --test-per-class must be ≥ 0 and not both 0")
        }
        guard snrDbMin <= snrDbMax else { throw ValidationError("--snr-db-min must not exceed --snr-db-max") }
    }

    func run() async throws {
        let start = ContinuousClock.now
        switch dataset {
        case .nmnist:
            let root = out ?? "data/synthetic-nmnist"
            let config = SyntheticNMNIST.Configuration(trainPerClass: trainPerClass, testPerClass: testPerClass,
                                                       seed: seed, overwrite: overwrite)
            let summary = try await SyntheticNMNIST(root: root, configuration: config).generate()
            print("synth: \(summary.files) files, \(summary.totalEvents) events "
                + "(\(summary.minEvents)…\(summary.maxEvents) per sample) in \(Self.seconds(since: start)) s → \(root)")
        case .speechcommands:
            let root = out ?? "data/synthetic-speech"
            var config = SyntheticSpeechCommands.Configuration()
            config.takesPerVoice = takesPerVoice
            config.snrDB = snrDbMin...snrDbMax
            config.program = espeak
            config.seed = seed
            config.overwrite = overwrite
            let summary = try await SyntheticSpeechCommands(root: root, configuration: config).generate()
            print("synth: \(summary.clips) clips from \(summary.trainingVoices.count) training, "
                + "\(summary.validationVoices.count) validation and \(summary.testVoices.count) test voices "
                + "in \(Self.seconds(since: start)) s → \(root)")
        }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> String {
        String(format: "%.1f", (ContinuousClock.now - start).seconds)
    }
}
