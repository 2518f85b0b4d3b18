extension DatasetSource {
    /// Spiking Speech Commands [Cramer et al. 2022] from zenkelab.org. Addresses and MD5s of the .h5.zip files as
    /// pinned by tonic (neuromorphs/tonic, tonic/datasets/hsd.py, SSC.train_md5/valid_md5/test_md5).
    public static let ssc = DatasetSource(
        name: "ssc", title: "Spiking Speech Commands (SSC)",
        size: "", licence: "CC BY 4.0 (zenkelab.org/resources/spiking-heidelberg-datasets-shd)",
        citation: heidelbergCitation,
        homepage: "https://zenkelab.org/resources/spiking-heidelberg-datasets-shd/",
        files: [
            SourceFile(name: "ssc_train.h5.zip", url: "https://zenkelab.org/datasets/ssc_train.h5.zip",
                       checksum: .md5("d102be95e7144fcc0553d1f45ba94170")),
            SourceFile(name: "ssc_valid.h5.zip", url: "https://zenkelab.org/datasets/ssc_valid.h5.zip",
                       checksum: .md5("b4eee3516a4a90dd0c71a6ac23a8ae43")),
            SourceFile(name: "ssc_test.h5.zip", url: "https://zenkelab.org/datasets/ssc_test.h5.zip",
                       checksum: .md5("a35ff1e9cffdd02a20eb850c17c37748")),
        ],
        layoutMarkers: ["ssc_train.h5", "ssc_valid.h5", "ssc_test.h5"],
        layout: "ROOT/ssc_train.h5, ROOT/ssc_valid.h5 and ROOT/ssc_test.h5")
}
