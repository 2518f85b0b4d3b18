extension DatasetSource {
    /// N-CARS [Sironi et al. 2018] from Prophesee, which hands it out after a form. Bundle and inner MD5s as pinned by
    /// tonic (neuromorphs/tonic, tonic/datasets/ncars.py: file_md5, train_md5, test_md5).
    public static let ncars = DatasetSource(
        name: "ncars", title: "N-CARS",
        size: "", licence: "Prophesee's terms, shown on its download form",
        citation: "Sironi, A., Brambilla, M., Bourdis, N., Lagorce, X., Benosman, R. (2018). HATS: Histograms of "
            + "Averaged Time Surfaces for Robust Event-based Object Classification. CVPR 2018, 1731–1740.",
        homepage: "https://www.prophesee.ai/dataset-n-cars-download/",
        files: [
            SourceFile(name: "Prophesee_Dataset_n_cars.zip",
                       url: "http://www.prophesee.ai/resources/Prophesee_Dataset_n_cars.zip",
                       checksum: .md5("553ce464d6e5e617b3c21ce27c19368e")),
        ],
        innerArchives: [
            SourceFile(name: "n-cars_train.zip", url: "", checksum: .md5("976d126a651b95d81800b05a3093337b")),
            SourceFile(name: "n-cars_test.zip", url: "", checksum: .md5("3b5e8e9a5bffeb95614b8c0a2ba4e511")),
        ],
        layoutMarkers: ["train", "test"],
        layout: "ROOT/train/{background,cars}/*.dat and ROOT/test/{background,cars}/*.dat",
        manualSteps: [
            "Open https://www.prophesee.ai/dataset-n-cars-download/ and fill in Prophesee's form, accepting its terms.",
            "Download Prophesee_Dataset_n_cars.zip from the link Prophesee sends.",
        ])
}
