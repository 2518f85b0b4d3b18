/// N-MNIST [Orchard et al. 2015]: MNIST digits seen by an ATIS sensor on saccades; 60,000 train / 10,000 test
/// in the official Train/ and Test/ folders.
extension DatasetDescriptor {
    public static let nmnist = DatasetDescriptor(
        name: "nmnist", title: "N-MNIST", layout: "Train|Test/<digit>/*.bin, also the synthetic one",
        sensorSize: NMNISTCatalog.sensorSize, classNames: (0...9).map(String.init),
        splitRule: "official Train/Test folders", streamFormat: "nmnist",
        download: .nmnist
    ) { settings in
        DatasetContents(samples: try NMNISTCatalog(root: settings.root).samples, classNames: (0...9).map(String.init),
                        loader: .eventFiles(sensor: NMNISTCatalog.sensorSize),
                        attributes: ["split_rule": "official Train/Test folders"])
    }
}
