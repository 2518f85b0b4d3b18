extension DatasetSource {
    /// CIFAR10-DVS [Li et al. 2017], the original jAER AEDAT 2.0 recordings: one zip per class on figshare.
    /// Addresses and MD5s as pinned by SpikingJelly (fangwei123456/spikingjelly, spikingjelly/datasets/
    /// cifar10_dvs.py, resource_url_md5). tonic's CIFAR10DVS.zip holds an AEDAT 4 conversion, not this layout.
    public static let cifar10dvs = DatasetSource(
        name: "cifar10dvs", title: "CIFAR10-DVS",
        size: "", licence: "as stated on the figshare record",
        citation: "Li, H., Liu, H., Ji, X., Li, G., Shi, L. (2017). CIFAR10-DVS: An Event-Stream Dataset for Object "
            + "Classification. Frontiers in Neuroscience 11, 309.",
        homepage: "https://figshare.com/articles/dataset/CIFAR10-DVS_New/4724671",
        files: [
            ("airplane", "7712788", "0afd5c4bf9ae06af762a77b180354fdd"),
            ("automobile", "7712791", "8438dfeba3bc970c94962d995b1b9bdd"),
            ("bird", "7712794", "a9c207c91c55b9dc2002dc21c684d785"),
            ("cat", "7712812", "52c63c677c2b15fa5146a8daf4d56687"),
            ("deer", "7712815", "b6bf21f6c04d21ba4e23fc3e36c8a4a3"),
            ("dog", "7712818", "f379ebdf6703d16e0a690782e62639c3"),
            ("frog", "7712842", "cad6ed91214b1c7388a5f6ee56d08803"),
            ("horse", "7712851", "e7cbbf77bec584ffbf913f00e682782a"),
            ("ship", "7712836", "41c7bd7d6b251be82557c6cce9a7d5c9"),
            ("truck", "7712839", "89f3922fd147d9aeff89e76a2b0b70a7"),
        ].map { SourceFile(name: "\($0.0).zip", url: "https://ndownloader.figshare.com/files/\($0.1)",
                           checksum: .md5($0.2)) },
        layoutMarkers: ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
        layout: "ROOT/<class>/cifar10_<class>_<n>.aedat for the 10 classes")
}
