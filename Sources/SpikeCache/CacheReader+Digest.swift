extension CacheReader {
    /// SHA-256 (hex) of the decoded contents: frame offsets, labels, splits, sample ids and every sample's
    /// frames. Two caches with equal digests hold the same data, whatever their chunking or compression.
    public func contentDigest() throws(CacheError) -> String {
        var sha = SHA256()
        frameOffsets.withUnsafeBytes { sha.update($0) }
        labels.withUnsafeBytes { sha.update($0) }
        sha.update(splits.map(\.rawValue))
        for id in sampleIDs {
            sha.update(withUnsafeBytes(of: UInt64(id.utf8.count).littleEndian) { Array($0) })
            sha.update(id.utf8)
        }
        for i in 0..<count {
            try frames(at: i).storage.withUnsafeBytes { sha.update($0) }
        }
        return SHA256.hex(sha.finalize())
    }
}
