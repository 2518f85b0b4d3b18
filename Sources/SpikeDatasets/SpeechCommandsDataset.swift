import Foundation
import SpikeAudio
import SpikeFormats

/// Google Speech Commands [Warden 2018]: one-second WAV clips of spoken words, turned into 1-D spike trains
/// by the audio front end (x = mel band); official validation_list.txt / testing_list.txt, `_silence_` cut from
/// the background noise (`SpeechCommandsCatalog`).
extension DatasetDescriptor {
    public static let speechCommands = DatasetDescriptor(
        name: "speechcommands", title: "Speech Commands",
        layout: "<word>/*.wav, validation_list.txt, testing_list.txt, _background_noise_/; audio → log-mel with a "
            + "noise floor → delta spikes, x = mel band",
        sensorSize: AudioEventEncoding().sensorSize,
        classNames: SpeechCommandsCatalog.coreWords + [SpeechCommandsCatalog.unknownClass, SpeechCommandsCatalog.silenceClass],
        splitRule: speechSplitRule, streamFormat: "wav",
        settings: [.task, .rebalance, .splitSeed, .audioEncoding],
        download: .speechcommands
    ) { settings in
        let catalog = try SpeechCommandsCatalog(root: settings.root, options: .init(
            task: settings.task, rebalance: settings.rebalance, seed: settings.splitSeed))
        let encoding = settings.audio
        let loader = SampleLoader(sensor: encoding.sensorSize, decoder: .samples { source in
            try AudioEventEncoder(encoding).events(WAVReader.read(source))
        })
        let json = JSONEncoder()
        json.outputFormatting = [.sortedKeys]
        return DatasetContents(
            samples: catalog.samples, classNames: catalog.classes, loader: loader,
            attributes: ["split_rule": speechSplitRule, "task": settings.task.rawValue,
                         "rebalance": "\(settings.rebalance)",
                         "audio_encoding": String(decoding: try json.encode(encoding), as: UTF8.self)],
            span: encoding.span(), warnings: catalog.silenceShareWarning.map { [$0] } ?? [])
    }
}

private let speechSplitRule = "official validation_list.txt / testing_list.txt"
