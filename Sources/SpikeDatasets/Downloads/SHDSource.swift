extension DatasetSource {
    /// Spiking Heidelberg Digits [Cramer et al. 2022] from zenkelab.org. Addresses and MD5s of the .h5.zip files as
    /// pinned by tonic (neuromorphs/tonic, tonic/datasets/hsd.py, SHD.train_md5/test_md5) and SpikingJelly
    /// (spikingjelly/datasets/shd.py, SpikingHeidelbergDigits.resource_url_md5), which agree.
    public static let shd = DatasetSource(
        name: "shd", title: "Spiking Heidelberg Digits (SHD)",
        size: "", licence: "CC BY 4.0 (zenkelab.org/resources/spiking-heidelberg-datasets-shd)",
        citation: heidelbergCitation,
        homepage: "https://zenkelab.org/resources/spiking-heidelberg-datasets-shd/",
        files: [
            SourceFile(name: "shd_train.h5.zip", url: "https://zenkelab.org/datasets/shd_train.h5.zip",
                       checksum: .md5("f3252aeb598ac776c1b526422d90eecb")),
            SourceFile(name: "shd_test.h5.zip", url: "https://zenkelab.org/datasets/shd_test.h5.zip",
                       checksum: .md5("1503a5064faa34311c398fb0a1ed0a6f")),
        ],
        layoutMarkers: ["shd_train.h5", "shd_test.h5"],
        layout: "ROOT/shd_train.h5 and ROOT/shd_test.h5")

    static let heidelbergCitation = "Cramer, B., Stradmann, Y., Schemmel, J., Zenke, F. (2022). The Heidelberg "
        + "Spiking Data Sets for the Systematic Evaluation of Spiking Neural Networks. IEEE Transactions on Neural "
        + "Networks and Learning Systems 33, 2744–2757."
}
