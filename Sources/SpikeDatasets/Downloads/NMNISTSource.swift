extension DatasetSource {
    /// N-MNIST [Orchard et al. 2015] from its Mendeley Data record (468j46mzdv). Addresses and MD5s as pinned by
    /// tonic (neuromorphs/tonic, tonic/datasets/nmnist.py: train_url/train_md5, test_url/test_md5); SpikingJelly
    /// (datasets/n_mnist.py, resource_url_md5) pins the same two MD5s for Train.zip and Test.zip.
    public static let nmnist = DatasetSource(
        name: "nmnist", title: "N-MNIST",
        size: "", licence: "as stated on the Mendeley Data record 468j46mzdv",
        citation: "Orchard, G., Jayawant, A., Cohen, G. K., Thakor, N. (2015). Converting static image datasets to "
            + "spiking neuromorphic datasets using saccades. Frontiers in Neuroscience 9, 437.",
        homepage: "https://www.garrickorchard.com/datasets/n-mnist",
        files: [
            SourceFile(name: "Train.zip",
                       url: "https://data.mendeley.com/public-files/datasets/468j46mzdv/files/"
                           + "39c25547-014b-4137-a934-9d29fa53c7a0/file_downloaded",
                       checksum: .md5("20959b8e626244a1b502305a9e6e2031")),
            SourceFile(name: "Test.zip",
                       url: "https://data.mendeley.com/public-files/datasets/468j46mzdv/files/"
                           + "05a4d654-7e03-4c15-bdfa-9bb2bcbea494/file_downloaded",
                       checksum: .md5("69ca8762b2fe404d9b9bad1103e97832")),
        ],
        // The record's "download all" bundle holds the same two zips.
        innerArchives: [
            SourceFile(name: "Train.zip", url: "", checksum: .md5("20959b8e626244a1b502305a9e6e2031")),
            SourceFile(name: "Test.zip", url: "", checksum: .md5("69ca8762b2fe404d9b9bad1103e97832")),
        ],
        layoutMarkers: ["Train", "Test"],
        layout: "ROOT/Train/<digit>/<n>.bin and ROOT/Test/<digit>/<n>.bin")
}
