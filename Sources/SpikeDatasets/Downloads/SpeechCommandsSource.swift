extension DatasetSource {
    /// Google Speech Commands v0.02 [Warden 2018] from TensorFlow's download address. SHA-256 as pinned by
    /// torchaudio (pytorch/audio, torchaudio/datasets/speechcommands.py, _CHECKSUMS); earlier torchaudio releases
    /// and SpikingJelly (datasets/speechcommands.py) pin its MD5, 6b74f3901214cb2c2934e98196829835.
    public static let speechcommands = DatasetSource(
        name: "speechcommands", title: "Google Speech Commands v0.02",
        size: "about 2.3 GB", licence: "CC BY 4.0",
        citation: "Warden, P. (2018). Speech Commands: A Dataset for Limited-Vocabulary Speech Recognition. "
            + "arXiv:1804.03209.",
        homepage: "https://arxiv.org/abs/1804.03209",
        files: [
            SourceFile(name: "speech_commands_v0.02.tar.gz",
                       url: "https://storage.googleapis.com/download.tensorflow.org/data/speech_commands_v0.02.tar.gz",
                       checksum: .sha256("af14739ee7dc311471de98f5f9d2c9191b18aedfe957f4a6ff791c709868ff58")),
        ],
        layoutMarkers: ["validation_list.txt", "testing_list.txt", "_background_noise_"],
        layout: "ROOT/<word>/<speaker>_nohash_<n>.wav, validation_list.txt, testing_list.txt, _background_noise_/")
}
