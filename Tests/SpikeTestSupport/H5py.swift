import Testing

/// Runs the committed h5py scripts; needs a Python with h5py, hdf5plugin and numpy (`SPIKESTREAM_PYTHON`,
/// else `python3`). Without one the tests are skipped with a visible reason.
public enum H5py {
    public static let available = PythonRunner.canImport("h5py, hdf5plugin, numpy")
    public static let skipReason: Comment = "SKIPPED: no Python with h5py, hdf5plugin and numpy (set SPIKESTREAM_PYTHON): h5py interop did not run"

    public static func script(_ name: String) -> String { RepoPaths.root + "/scripts/" + name }

    public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) { try PythonRunner.run(arguments) }
}
