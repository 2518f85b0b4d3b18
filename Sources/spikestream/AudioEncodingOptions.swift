import ArgumentParser
import SpikeAudio

/// How speech becomes spikes (speechcommands): the log-mel front end's noise floor and the delta encoding.
struct AudioEncodingOptions: ParsableArguments {
    @Option(help: """
        speechcommands: noise floor in dB under each clip's loudest log-mel value; lower values are raised to it, \
        so noise and silence under it give no spikes (80 = the plain front end's floor).
        """)
    var noiseFloorDb = AudioEventEncoding.defaultFloorBelowPeakDB
    @Option(help: """
        speechcommands: absolute noise floor of the log-mel values in dB (write it as --absolute-floor-db=-70); \
        a clip under it all through gives no spikes.
        """)
    var absoluteFloorDb = AudioEventEncoding.defaultAbsoluteFloorDB
    @Option(help: """
        speechcommands: delta (ON/OFF events when a mel band's level moves by the threshold) or cumulative-delta \
        (one polarity; each frame, as many events as the band's delta-modulated level stands thresholds above \
        the floor).
        """)
    var spikeEncoding = AudioSpikeEncoder.delta
    @Option(help: "speechcommands: delta threshold in dB, the same for every mel band.") var thresholdDb = 1.0
    @Option(help: "speechcommands: comma-separated delta thresholds in dB, one per mel band (replaces --threshold-db).")
    var channelThresholdsDb: String?
    @Option(help: "speechcommands: most events of one mel band in one frame (0 = no limit).")
    var maxEventsPerFrame = 8
    @Option(help: """
        speechcommands: highest frequency of the mel bands in Hz, up to 8000 (half of 16 kHz); the default 4000 \
        leaves out most of the hiss of /s/ and /f/.
        """)
    var melMaxHz = AudioEventEncoding.speechFrontEnd.fMax

    /// The audio → events configuration these options stand for, validated.
    func encoding() throws -> AudioEventEncoding {
        var frontEnd = AudioEventEncoding.speechFrontEnd
        frontEnd.compression = .decibel(absoluteFloorDB: absoluteFloorDb, belowPeakDB: noiseFloorDb)
        frontEnd.fMax = melMaxHz
        let thresholds = try channelThresholdsDb.map { list in
            try list.split(separator: ",").map { item in
                guard let value = Double(item.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--channel-thresholds-db: '\(item)' is not a number")
                }
                return value
            }
        }
        let encoding = AudioEventEncoding(
            frontEnd: frontEnd,
            encoding: spikeEncoding.encoding(threshold: thresholdDb, maxEventsPerFrame: maxEventsPerFrame == 0 ? nil : maxEventsPerFrame),
            channelThresholds: thresholds)
        try encoding.validate()
        return encoding
    }
}

extension AudioSpikeEncoder: ExpressibleByArgument {}
