extension DatasetSource {
    /// DVS128-Gesture [Amir et al. 2017], the original AEDAT 3.1 recordings from IBM's Box folder, which needs a
    /// browser (no direct link). MD5 of DvsGesture.tar.gz as pinned by SpikingJelly (fangwei123456/spikingjelly,
    /// spikingjelly/datasets/dvs128_gesture.py, resource_url_md5). tonic's ibmGestureTrain/Test.tar.gz are a pre-cut
    /// .npy copy, not this layout, so they are not used.
    public static let dvsgesture = DatasetSource(
        name: "dvsgesture", title: "DVS128-Gesture",
        size: "about 3 GB (the dataset's README: 3 GB for the tar file, 5 GB extracted)",
        licence: "CC BY 4.0 (research.ibm.com/interactive/dvsgesture)",
        citation: "Amir, A., Taba, B., Berg, D., et al. (2017). A Low Power, Fully Event-Based Gesture Recognition "
            + "System. CVPR 2017, 7243–7252.",
        homepage: "https://research.ibm.com/interactive/dvsgesture/",
        files: [
            SourceFile(name: "DvsGesture.tar.gz",
                       url: "https://ibm.ent.box.com/s/3hiq58ww1pbbjrinh367ykfdf60xsfm8/folder/50167556794",
                       checksum: .md5("8a5c71fb11e24e5ca5b11866ca6c00a1")),
        ],
        layoutMarkers: ["trials_to_train.txt", "trials_to_test.txt"],
        layout: "ROOT/trials_to_train.txt, trials_to_test.txt, userNN_lighting.aedat and userNN_lighting_labels.csv",
        manualSteps: [
            "Open https://ibm.ent.box.com/s/3hiq58ww1pbbjrinh367ykfdf60xsfm8/folder/50167556794 in a browser "
                + "(IBM's Box folder; the dataset is released under CC BY 4.0).",
            "Download DvsGesture.tar.gz (about 3 GB).",
        ])
}
