import SpikeCache
import SpikeEvents

/// The text `inspect` prints for a cache: attributes, sample and per-split counts, frame shape, stored events, and a digest
/// of the contents (equal digests ⇔ equal data: frames, events, offsets, labels, splits, ids and attributes).
struct CacheSummary {
    let text: String

    init(path: String, digest: Bool) throws {
        let cache = try CacheReader(path: path)
        var lines = ["file:      \(path)", "samples:   \(cache.count)"]
        let counts = Dictionary(grouping: cache.splits, by: { $0 }).mapValues(\.count)
        lines.append("splits:    " + Split.allCases.compactMap { s in counts[s].map { "\(s) \($0)" } }.joined(separator: ", "))
        let t = zip(cache.frameOffsets.dropFirst(), cache.frameOffsets).map { $0 - $1 }
        lines.append("frames:    \(cache.dtype) [T, \(cache.geometry.channels), \(cache.geometry.height), \(cache.geometry.width)], "
            + "T \(t.min() ?? 0)…\(t.max() ?? 0), \(cache.frameOffsets.last ?? 0) frames in all")
        if let sensor = cache.eventSensor {
            lines.append("events:    \(cache.eventOffsets.last ?? 0) stored on a \(sensor) sensor (/events, for augmentations)")
        } else {
            lines.append("events:    not stored (frames only; preprocess --store-events keeps them)")
        }
        let classes = Dictionary(grouping: cache.labels, by: { $0 }).mapValues(\.count).sorted { $0.key < $1.key }
        lines.append("labels:    " + classes.map { "\($0.key):\($0.value)" }.joined(separator: " "))
        if let names = cache.classNames {
            lines.append("classes:   \(names.count) (label: name, samples)")
            let counts = Dictionary(uniqueKeysWithValues: classes.map { (Int($0.key), $0.value) })
            lines += names.enumerated().map { "  \($0.offset): \($0.element), \(counts[$0.offset] ?? 0)" }
        } else {
            lines.append("classes:   no class names stored (a cache made before they were); labels are numbers")
        }
        if cache.skippedSamples.isEmpty {
            lines.append("skipped:   none")
        } else {
            lines.append("skipped:   \(cache.skippedSamples.count) samples left out by preprocess --on-error skip:")
            lines += cache.skippedSamples.map { "  \($0)" }
        }
        lines.append("attributes:")
        lines += cache.attributes.filter { $0.key != CacheLayout.Attribute.skippedSamples && $0.key != CacheLayout.Attribute.classNames }
            .sorted { $0.key < $1.key }.map { "  \($0.key) = \($0.value)" }
        if digest { lines.append("content_sha256: \(try cache.contentDigest())") }
        text = lines.joined(separator: "\n")
    }
}
