import SpikeEvents

extension CacheReader {
    /// Root attributes about how and whether the file was written, not what it holds: left out of the digest.
    static let provenanceAttributes: Set<String> = [CacheLayout.Attribute.createdBy, CacheLayout.Attribute.complete]

    /// SHA-256 (hex) of everything the cache gives back: the root attributes (all but `provenanceAttributes`), the
    /// frame dtype and geometry, frame offsets, labels, splits, sample ids, every sample's frames and, with
    /// `/events`, the event sensor, offsets and every sample's events. Equal digests ⇔ equal data, whatever the
    /// chunking, compression or merge mode. Each variable-length field is preceded by its length.
    public func contentDigest() throws(CacheError) -> String {
        var sha = SHA256()
        for (name, value) in attributes.sorted(by: { $0.key < $1.key }) where !Self.provenanceAttributes.contains(name) {
            sha.updateField(name.utf8)
            sha.updateField(value.utf8)
        }
        sha.updateField(dtype.rawValue.utf8)
        sha.updateIntegers([geometry.channels, geometry.height, geometry.width, count])
        frameOffsets.withUnsafeBytes { sha.update($0) }
        labels.withUnsafeBytes { sha.update($0) }
        sha.update(splits.map(\.rawValue))
        for id in sampleIDs { sha.updateField(id.utf8) }
        for i in 0..<count {
            try frames(at: i).storage.withUnsafeBytes { sha.update($0) }
        }
        guard let sensor = eventSensor else { return SHA256.hex(sha.finalize()) }
        sha.updateIntegers([sensor.width, sensor.height, sensor.polarities])
        eventOffsets.withUnsafeBytes { sha.update($0) }
        for i in 0..<count {
            let events = try events(at: i)
            events.t.withUnsafeBytes { sha.update($0) }
            events.x.withUnsafeBytes { sha.update($0) }
            events.y.withUnsafeBytes { sha.update($0) }
            events.p.withUnsafeBytes { sha.update($0) }
        }
        return SHA256.hex(sha.finalize())
    }
}

private extension SHA256 {
    /// Length (UInt64 LE), then the bytes: no two field lists hash the same stream.
    mutating func updateField(_ bytes: some Collection<UInt8>) {
        updateIntegers([bytes.count])
        update(bytes)
    }

    mutating func updateIntegers(_ values: [Int]) {
        for value in values { update(withUnsafeBytes(of: UInt64(value).littleEndian, Array.init)) }
    }
}
