import SpikeDatasets

/// Why a dataset could not be downloaded or installed, in the user's terms, with what to do next.
public enum DownloadError: Error, CustomStringConvertible, Equatable {
    /// The host could not be reached (no network, DNS failure, refused connection, timeout).
    case unreachable(url: String, reason: String, file: String, dataset: String, root: String)
    /// The transfer kept breaking off; what arrived is kept in `partial` for the next run to resume.
    case interrupted(url: String, reason: String, partial: String)
    /// The server answered with an HTTP error status.
    case httpStatus(url: String, status: Int, file: String, dataset: String, root: String)
    /// A file's digest differs from the published one; a downloaded file has been deleted, one the user gave is kept.
    case checksumMismatch(file: String, expected: Checksum, actual: String, deleted: Bool)
    /// The dataset's terms need a person (login, licence form): the steps, and where the archive goes then.
    case manualStep(dataset: String, steps: [String], files: [String], root: String)
    case archiveUnreadable(path: String, reason: String)
    /// The extracted files do not hold the layout `preprocess` reads.
    case layoutNotFound(dataset: String, missing: [String], layout: String)
    case rootExists(path: String)
    /// A file to verify or unpack cannot be read (a wrong `--from-archive` path, permissions).
    case unreadable(path: String, reason: String)
    case fileSystem(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreachable(let url, let reason, let file, let dataset, let root):
            "cannot reach \(url) (\(reason)). Without a network, download \(file) by other means and run: "
                + "spikestream download \(dataset) --root \(root) --from-archive PATH/\(file)"
        case .interrupted(let url, let reason, let partial):
            "the transfer from \(url) broke off (\(reason)) on every try; what arrived is kept in \(partial). Run the "
                + "command again to resume from there."
        case .httpStatus(let url, let status, let file, let dataset, let root):
            "\(url) answered HTTP \(status). Download \(file) by other means (or use --mirror) and run: "
                + "spikestream download \(dataset) --root \(root) --from-archive PATH/\(file)"
        case .checksumMismatch(let file, let expected, let actual, let deleted):
            "\(file) has \(expected.algorithm.rawValue) \(actual), but the published one is \(expected.hex): the file "
                + "is damaged or not the official one"
                + (deleted ? ", and has been deleted. Run the command again to download it anew."
                   : " (left in place). Download it again from the dataset's page.")
        case .manualStep(let dataset, let steps, let files, let root):
            (["\(dataset) cannot be downloaded automatically; its host needs a person:"]
                + steps.enumerated().map { "  \($0.offset + 1). \($0.element)" }
                + ["  \(steps.count + 1). Run: spikestream download \(dataset) --root \(root) "
                   + files.map { "--from-archive PATH/\($0)" }.joined(separator: " ")])
                .joined(separator: "\n")
        case .archiveUnreadable(let path, let reason):
            "cannot unpack '\(path)': \(reason). The archive is damaged; delete it and download it again."
        case .layoutNotFound(let dataset, let missing, let layout):
            "the unpacked files hold no \(dataset) layout (\(layout)); missing: \(missing.joined(separator: ", ")). "
                + "Check that the archives are the dataset's official ones. Nothing was installed."
        case .rootExists(let path):
            "'\(path)' already exists and is not empty; remove it or choose another --root (nothing was changed)."
        case .unreadable(let path, let reason):
            "cannot read '\(path)': \(reason). Check the path given with --from-archive and its permissions."
        case .fileSystem(let path, let reason):
            "cannot write '\(path)': \(reason). Free some space or choose another --root; nothing half-built was left "
                + "where preprocess would read it."
        }
    }
}
