import SpikeCache

/// SSC, the Spiking Speech Commands [Cramer et al. 2020]: Speech Commands v0.02's 35 words turned into spikes
/// of 700 cochlea-model channels; official ssc_train.h5 / ssc_valid.h5 / ssc_test.h5. Class names are read from
/// the files' `extra/keys`.
extension DatasetDescriptor {
    public static let ssc = DatasetDescriptor(
        name: "ssc", title: "SSC (Spiking Speech Commands)",
        layout: "ssc_train.h5, ssc_valid.h5, ssc_test.h5 (as SHD's); x = channel 0…699",
        sensorSize: HeidelbergSpikesFile.sensorSize, classNames: [],
        splitRule: HeidelbergSpikesCatalog.splitRule(prefix: "ssc", validation: true), streamFormat: nil,
        download: .ssc
    ) { try HeidelbergSpikesCatalog.contents($0, prefix: "ssc", validation: true) }
}
