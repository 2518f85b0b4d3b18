/// N-Caltech101 [Orchard et al. 2015]: Caltech101 images seen by an ATIS sensor on saccades, in N-MNIST's
/// record format. No official split exists: a seeded stratified one, as for CIFAR10-DVS.
extension DatasetDescriptor {
    public static let nCaltech101 = DatasetDescriptor(
        name: "ncaltech101", title: "N-Caltech101", layout: "Caltech101/<class>/image_<n>.bin, one folder per class",
        sensorSize: NCaltech101Catalog.sensorSize, classNames: [],
        splitRule: "none official: stratified per class by --train-ratio and --split-seed", streamFormat: "nmnist",
        settings: [.trainRatio, .splitSeed],
        download: .ncaltech101
    ) { settings in
        let split = try StratifiedSplit(trainRatio: settings.trainRatio, seed: settings.splitSeed)
        let catalog = try NCaltech101Catalog(root: settings.root, split: split)
        return DatasetContents(
            samples: catalog.samples, classNames: catalog.classNames,
            loader: .eventFiles(sensor: NCaltech101Catalog.sensorSize), attributes: ["split_rule": "\(split)"],
            warnings: SplitCoverage.warnings(catalog.samples, classNames: catalog.classNames, trainRatio: settings.trainRatio))
    }
}
