import SpikeCache

/// SHD, the Spiking Heidelberg Digits [Cramer et al. 2020]: spoken digits 0–9 in English and German (20
/// classes) turned into spikes of 700 cochlea-model channels; official shd_train.h5 / shd_test.h5. Class names
/// are read from the files' `extra/keys`.
extension DatasetDescriptor {
    public static let shd = DatasetDescriptor(
        name: "shd", title: "SHD (Spiking Heidelberg Digits)",
        layout: "shd_train.h5, shd_test.h5 (spikes/times, spikes/units, labels, extra/keys); x = channel 0…699",
        sensorSize: HeidelbergSpikesFile.sensorSize, classNames: [],
        splitRule: HeidelbergSpikesCatalog.splitRule(prefix: "shd", validation: false), streamFormat: nil,
        download: .shd
    ) { try HeidelbergSpikesCatalog.contents($0, prefix: "shd", validation: false) }
}
