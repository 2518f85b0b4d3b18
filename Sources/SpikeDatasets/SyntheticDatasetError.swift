import SpikeFormats

/// Why a synthetic dataset could not be written.
public enum SyntheticDatasetError: Error, CustomStringConvertible {
    /// The output already holds a `Train` or `Test` folder and overwriting was not asked for.
    case outputExists(path: String)
    /// Overwriting was asked for, but the folder was not made by this generator (no README marker).
    case notSynthetic(path: String)
    case cannotCreate(path: String, reason: String)
    case write(EventFileError)

    public var description: String {
        switch self {
        case .outputExists(let path):
            "'\(path)' already contains Train/ or Test/; choose an empty folder, or pass --overwrite (`spikestream synth "
                + "--overwrite`) to replace a synthetic set made there before."
        case .notSynthetic(let path):
            "refusing to overwrite '\(path)': its README.txt does not say it was made by the synthetic "
                + "N-MNIST generator, so it may hold real data. Delete it yourself or pick another folder."
        case .cannotCreate(let path, let reason):
            "cannot create '\(path)': \(reason). Check the path and its permissions."
        case .write(let error):
            "writing a synthetic sample failed: \(error)"
        }
    }
}
