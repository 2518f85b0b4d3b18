extension DatasetSource {
    /// N-Caltech101 [Orchard et al. 2015] from its Mendeley Data record (cy6cvx3ryv). Address and MD5 as pinned by
    /// tonic (neuromorphs/tonic, tonic/datasets/ncaltech101.py: url, file_md5); SpikingJelly (datasets/
    /// n_caltech101.py, resource_url_md5) pins the same MD5 for Caltech101.zip, so the record's file is that zip.
    public static let ncaltech101 = DatasetSource(
        name: "ncaltech101", title: "N-Caltech101",
        size: "", licence: "as stated on the Mendeley Data record cy6cvx3ryv",
        citation: "Orchard, G., Jayawant, A., Cohen, G. K., Thakor, N. (2015). Converting static image datasets to "
            + "spiking neuromorphic datasets using saccades. Frontiers in Neuroscience 9, 437.",
        homepage: "https://www.garrickorchard.com/datasets/n-caltech101",
        files: [
            SourceFile(name: "Caltech101.zip",
                       url: "https://data.mendeley.com/public-files/datasets/cy6cvx3ryv/files/"
                           + "36b5c52a-b49d-4853-addb-a836a8883e49/file_downloaded",
                       checksum: .md5("66201824eabb0239c7ab992480b50ba3")),
        ],
        // The record's "download all" bundle holds the same zip.
        innerArchives: [SourceFile(name: "Caltech101.zip", url: "", checksum: .md5("66201824eabb0239c7ab992480b50ba3"))],
        layoutMarkers: ["Faces_easy", "airplanes", "yin_yang"],
        layout: "ROOT/<class>/image_<n>.bin (the extracted Caltech101/ folder, 101 classes + BACKGROUND_Google)")
}
