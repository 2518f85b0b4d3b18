import AsyncAlgorithms
import Foundation
import SpikeCache
import SpikeEvents
import SpikeFormats
import SpikePipeline
import SpikeTransforms

/// Catalog → decode → bin → compress (in parallel worker tasks) → one `CacheWriter` (serial HDF5 executor),
/// in catalog order so that an interrupted run resumes after the last committed sample.
public enum Preprocessor {
    /// The key and the `transform` attribute a request produces.
    public static func cacheKey(for request: PreprocessRequest) throws -> (key: CacheKey, transformJSON: String) {
        let identity = DatasetIdentity(name: request.datasetName, sensor: request.sensor,
                                       reader: readerVersion, samples: request.samples,
                                       options: request.extraAttributes)
        let transforms = request.transforms
        let key = try CacheKey(dataset: identity, transforms: transforms, binning: request.binning,
                               storeEvents: request.storeEvents)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(TransformDescription(transforms: transforms, binning: request.binning))
        return (key, String(decoding: json, as: UTF8.self))
    }

    public static func run(_ request: PreprocessRequest, progress: ProgressReporter? = nil) async throws -> PreprocessReport {
        guard !request.samples.isEmpty else { throw PreprocessError.noSamples(dataset: request.datasetName) }
        let start = ContinuousClock.now
        let (key, transformJSON) = try cacheKey(for: request)
        if try existingCacheIsCurrent(request, key: key) {
            return PreprocessReport(output: request.output, cacheKey: key.hex, openStatus: nil, resumedSamples: 0,
                                    writtenSamples: 0, failures: [], events: 0,
                                    seconds: (ContinuousClock.now - start).seconds)
        }
        // The frame geometry after the pre-cache transforms (a crop or downsample changes the sensor).
        let sensor = try request.transforms.outputSensor(for: request.loader.sensor)
        let channels = request.binning.channels(for: sensor)
        let attributes = request.extraAttributes.merging(
            ["event_convention": eventConvention, "sensor_size": "\(sensor)"]) { mine, _ in mine }
        let writer = try await CacheWriter.open(CacheWriterConfiguration(
            path: request.output, cacheKey: key.hex, dataset: request.datasetName, transformJSON: transformJSON,
            createdBy: request.createdBy, extraAttributes: attributes, dtype: request.binning.dtype,
            geometry: FrameGeometry(channels: channels, height: sensor.height, width: sensor.width),
            framesPerChunk: request.fixedTimeSteps ?? 1, compressionLevel: request.compressionLevel,
            eventSensor: request.storeEvents ? sensor : nil))
        let resumeIndex = try await resumePosition(writer: writer, samples: request.samples, output: request.output)
        let remaining = Array(request.samples[resumeIndex...])
        if resumeIndex > 0 { progress?.advance(done: resumeIndex) }

        var failures: [SampleFailure] = []
        var events = 0
        var written = 0
        let (binning, policy, transforms, storeEvents) = (request.binning, request.errorPolicy, request.transforms,
                                                          request.storeEvents)
        // One work unit per recording: a recording cut into several samples (gesture windows) is decoded once.
        let loader = request.loader
        let units: [[Sample]] = if case .recordings = loader.decoder { Self.groupedByFile(remaining) } else { remaining.map { [$0] } }
        let results = units.async.parallelMap(maxConcurrency: max(1, request.workers)) { group in
            try Task.checkCancellation()
            var outcomes: [Result<(EncodedSample, Int), SampleFailure>] = []
            let eventsOf: (Sample) throws -> EventChunk
            switch loader.decoder {
            case .recordings(let decode):
                let recording = Result { try decode(group[0].source.path) }
                eventsOf = { sample in try Self.cut(sample.source, from: recording.get()) }
            case .samples(let decode):
                eventsOf = { sample in try decode(sample.source) }
            }
            for sample in group {
                do {
                    let events = try eventsOf(sample)
                    let (transformed, sensor) = try transforms.apply(consume events, sensor: loader.sensor)
                    let frames = try binning.frames(transformed, sensor: sensor)
                    let encoded = try writer.encode(id: sample.id, label: sample.label, split: sample.split, frames: frames,
                                                    events: storeEvents ? transformed : nil)
                    outcomes.append(.success((encoded, transformed.count)))
                } catch {
                    let failure = SampleFailure(id: sample.id, path: sample.source.path, reason: "\(error)")
                    if policy == .failFast { throw PreprocessError.sampleFailed(failure) }
                    outcomes.append(.failure(failure))
                }
            }
            return outcomes
        }
        do {
            for try await result in results.flatMap({ $0.async }) {
                switch result {
                case .success(let (encoded, count)):
                    try await writer.append(encoded)
                    events += count
                    written += 1
                    progress?.advance()
                case .failure(let failure):
                    failures.append(failure)
                    progress?.advance(done: 0, skipped: 1)
                }
            }
        } catch {
            // Keep what was done: the next run resumes after the last sample committed here.
            try? await writer.commit()
            throw error
        }
        let path = try await writer.finish()
        return PreprocessReport(output: path, cacheKey: key.hex, openStatus: await writer.openStatus,
                                resumedSamples: resumeIndex, writtenSamples: written, failures: failures,
                                events: events, seconds: (ContinuousClock.now - start).seconds)
    }

    /// Consecutive samples that read the same file, in order.
    static func groupedByFile(_ samples: [Sample]) -> [[Sample]] {
        var groups: [[Sample]] = []
        for sample in samples {
            if let last = groups.last?.last, last.source.path == sample.source.path {
                groups[groups.count - 1].append(sample)
            } else {
                groups.append([sample])
            }
        }
        return groups
    }

    /// A sample's events within its decoded recording: all of them, or a segment's, whose timestamps then
    /// start at the segment start.
    static func cut(_ source: SampleSource, from events: EventChunk) -> EventChunk {
        guard case .segment(_, let from, let to) = source else { return events }
        let lo = events.t.partitioningIndex { $0 >= from }
        let hi = events.t.partitioningIndex { $0 >= to }
        var segment = events.slice(lo..<hi)
        for i in segment.t.indices { segment.t[i] -= from }
        return segment
    }

    /// True when `output` already holds a complete cache with this key. A different or unreadable file there is
    /// an error unless the request allows overwriting it (it is replaced only when the new cache is complete).
    static func existingCacheIsCurrent(_ request: PreprocessRequest, key: CacheKey) throws -> Bool {
        guard FileManager.default.fileExists(atPath: request.output) else { return false }
        let reason: String
        do {
            let existing = try CacheReader(path: request.output)
            if existing.cacheKey == key.hex { return true }
            reason = "was built with other parameters (cache_key \(existing.cacheKey), requested \(key.hex))"
        } catch {
            reason = "is not a complete SpikeStream cache (\(error))"
        }
        if request.overwrite { return false }
        throw PreprocessError.existingCacheDiffers(path: request.output, reason: reason)
    }

    /// Where in `samples` to continue: after the last sample the partial cache committed.
    static func resumePosition(writer: CacheWriter, samples: [Sample], output: String) async throws -> Int {
        guard let lastID = await writer.lastCommittedID else { return 0 }
        guard let index = samples.firstIndex(where: { $0.id == lastID }) else {
            throw PreprocessError.resumeMismatch(path: output + CacheLayout.partialSuffix, lastID: lastID)
        }
        return index + 1
    }

    static let readerVersion = "spikestream-readers-1"
    public static let eventConvention = "x = column, y = row, origin top-left, p = 1 is ON (brighter); t in µs"

    private struct TransformDescription: Encodable {
        let transforms: PreCacheTransforms
        let binning: FrameBinning
    }
}

extension Collection {
    /// The first index whose element satisfies `belongs` (which must be false, then true, along the collection).
    func partitioningIndex(where belongs: (Element) -> Bool) -> Index {
        var low = startIndex
        var count = distance(from: startIndex, to: endIndex)
        while count > 0 {
            let half = count / 2
            let mid = index(low, offsetBy: half)
            if belongs(self[mid]) { count = half } else { low = index(after: mid); count -= half + 1 }
        }
        return low
    }
}
