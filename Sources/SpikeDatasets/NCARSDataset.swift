/// N-CARS [Sironi et al. 2018]: 100 ms ATIS recordings of cars and of background, in Prophesee DAT files, with
/// official train/ and test/ folders.
extension DatasetDescriptor {
    public static let nCARS = DatasetDescriptor(
        name: "ncars", title: "N-CARS", layout: "train|test/background|cars/*.dat (Prophesee DAT)",
        sensorSize: NCARSCatalog.sensorSize, classNames: NCARSCatalog.classNames,
        splitRule: "official train/test folders", streamFormat: "dat",
        download: .ncars
    ) { settings in
        DatasetContents(samples: try NCARSCatalog(root: settings.root).samples, classNames: NCARSCatalog.classNames,
                        loader: .eventFiles(sensor: NCARSCatalog.sensorSize),
                        attributes: ["split_rule": "official train/test folders"])
    }
}
