/// CIFAR10-DVS [Li et al. 2017]: 1,000 recordings per CIFAR-10 class on a DVS128 (jAER AEDAT 2.0). It has no
/// official split: a seeded stratified one (`StratifiedSplit`, 0.9 train by default) is made per class.
extension DatasetDescriptor {
    public static let cifar10DVS = DatasetDescriptor(
        name: "cifar10dvs", title: "CIFAR10-DVS", layout: "<class>/cifar10_<class>_<n>.aedat, 10 class folders",
        sensorSize: CIFAR10DVSCatalog.sensorSize, classNames: CIFAR10DVSCatalog.classNames,
        splitRule: "none official: stratified per class by --train-ratio and --split-seed", streamFormat: "aedat2",
        settings: [.trainRatio, .splitSeed, .orientation],
        download: .cifar10dvs
    ) { settings in
        let split = try StratifiedSplit(trainRatio: settings.trainRatio, seed: settings.splitSeed)
        let samples = try CIFAR10DVSCatalog(root: settings.root, split: split).samples
        return DatasetContents(
            samples: samples, classNames: CIFAR10DVSCatalog.classNames,
            loader: .eventFiles(sensor: CIFAR10DVSCatalog.sensorSize, orientation: settings.orientation),
            attributes: ["split_rule": "\(split)", "orientation": "\(settings.orientation)"],
            warnings: SplitCoverage.warnings(samples, classNames: CIFAR10DVSCatalog.classNames, trainRatio: settings.trainRatio))
    }
}
