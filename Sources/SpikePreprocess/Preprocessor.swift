import AsyncAlgorithms
import Foundation
import SpikeCache
import SpikeDatasets
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
        let (fullKey, transformJSON) = try cacheKey(for: request)
        let samples = try request.selectedSamples()
        var attributes = request.extraAttributes.merging(
            ["event_convention": eventConvention]) { mine, _ in mine }
        // A shard's key names the shard, so shards never resume or reuse one another's files.
        var key = fullKey
        if let shard = request.shard {
            key = try shard.cacheKey(full: fullKey)
            attributes[CacheLayout.Attribute.shard] = shard.description
            attributes[CacheLayout.Attribute.fullCacheKey] = fullKey.hex
        }
        if try existingCacheIsCurrent(request, key: key) {
            return PreprocessReport(output: request.output, cacheKey: key.hex, openStatus: nil, resumedSamples: 0,
                                    writtenSamples: 0, failures: [], events: 0, emptySamples: 0,
                                    seconds: (ContinuousClock.now - start).seconds)
        }
        // The frame geometry after the pre-cache transforms (a crop or downsample changes the sensor).
        let sensor = try request.transforms.outputSensor(for: request.loader.sensor)
        let channels = request.binning.channels(for: sensor)
        attributes["sensor_size"] = attributes["sensor_size"] ?? "\(sensor)"
        if !request.classNames.isEmpty { attributes[CacheLayout.Attribute.classNames] = CacheLayout.encodeClassNames(request.classNames) }
        let writer = try await CacheWriter.open(CacheWriterConfiguration(
            path: request.output, cacheKey: key.hex, dataset: request.datasetName, transformJSON: transformJSON,
            createdBy: request.createdBy, extraAttributes: attributes, dtype: request.binning.dtype,
            geometry: FrameGeometry(channels: channels, height: sensor.height, width: sensor.width),
            framesPerChunk: request.fixedTimeSteps ?? 1, compressionLevel: request.compressionLevel,
            eventSensor: request.storeEvents ? sensor : nil))
        let resumeIndex = try await resumePosition(writer: writer, samples: samples, output: request.output)
        let remaining = Array(samples.dropFirst(resumeIndex))
        if resumeIndex > 0 { progress?.advance(done: resumeIndex) }

        var failures: [SampleFailure] = []
        var events = 0, emptySamples = 0
        var written = 0
        let (binning, policy, transforms, storeEvents) = (request.binning, request.errorPolicy, request.transforms,
                                                          request.storeEvents)
        // Work units of several consecutive samples (a recording cut into several samples stays in one unit, so
        // it is decoded once): one worker task and one hop to the writer's thread per unit, not per sample.
        let loader = request.loader
        let byFile = if case .recordings = loader.decoder { true } else { false }
        let results = Self.workUnits(remaining, byFile: byFile).async.parallelMap(maxConcurrency: max(1, request.workers)) { unit in
            try Task.checkCancellation()
            var outcomes: [Result<(EncodedSample, Int), SampleFailure>] = []
            outcomes.reserveCapacity(unit.count)
            var recording: (path: String, events: Result<EventChunk, any Error>)?
            func eventsOf(_ sample: Sample) throws -> EventChunk {
                switch loader.decoder {
                case .recordings(let decode):
                    let path = sample.source.path
                    if recording?.path != path { recording = (path, Result { try decode(path) }) }
                    return Self.cut(sample.source, from: try recording!.events.get())
                case .samples(let decode):
                    return try decode(sample.source)
                }
            }
            for sample in unit {
                do {
                    let events = try eventsOf(sample)
                    let (transformed, sensor) = try transforms.apply(consume events, sensor: loader.sensor)
                    let frames = try binning.frames(transformed, sensor: sensor)
                    let encoded = try writer.encode(id: sample.id, label: sample.label, split: sample.split, frames: frames,
                                                    events: storeEvents ? transformed : nil)
                    outcomes.append(.success((encoded, transformed.count)))
                } catch {
                    outcomes.append(.failure(SampleFailure(id: sample.id, path: sample.source.path, reason: "\(error)")))
                    if policy == .failFast { break }  // the consumer stops at this sample
                }
            }
            return outcomes
        }
        do {
            for try await outcomes in results {
                var encoded: [EncodedSample] = []
                encoded.reserveCapacity(outcomes.count)
                var stop: SampleFailure?
                var skipped = 0
                for outcome in outcomes {
                    switch outcome {
                    case .success(let (sample, count)):
                        encoded.append(sample)
                        events += count
                        if count == 0 { emptySamples += 1 }
                    case .failure(let failure) where policy == .failFast:
                        stop = failure
                    case .failure(let failure):
                        failures.append(failure)
                        skipped += 1
                    }
                }
                // The samples before a failure are written, so a fail-fast run resumes right after them.
                try await writer.recordSkipped(failures.suffix(skipped).map(\.skippedSample))
                try await writer.append(contentsOf: encoded)
                written += encoded.count
                progress?.advance(done: encoded.count, skipped: skipped)
                if let stop { throw PreprocessError.sampleFailed(stop) }
            }
        } catch {
            // Keep what was done: the next run resumes after the last sample committed here.
            try? await writer.commit()
            throw error
        }
        let path = try await writer.finish()
        return PreprocessReport(output: path, cacheKey: key.hex, openStatus: await writer.openStatus,
                                resumedSamples: resumeIndex, writtenSamples: written, failures: failures,
                                events: events, emptySamples: emptySamples, seconds: (ContinuousClock.now - start).seconds)
    }

    /// Consecutive samples in units of at least `size` (fewer only at the end); with `byFile`, the samples of one
    /// file are never split between units.
    static func workUnits(_ samples: [Sample], byFile: Bool, size: Int = 16) -> [[Sample]] {
        var units: [[Sample]] = []
        var current: [Sample] = []
        for sample in samples {
            let sameFile = byFile && current.last?.source.path == sample.source.path
            if current.count >= size, !sameFile {
                units.append(current)
                current = []
            }
            current.append(sample)
        }
        if !current.isEmpty { units.append(current) }
        return units
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
    static func resumePosition(writer: CacheWriter, samples: ArraySlice<Sample>, output: String) async throws -> Int {
        guard let lastID = await writer.lastCommittedID else { return 0 }
        guard let index = samples.firstIndex(where: { $0.id == lastID }) else {
            throw PreprocessError.resumeMismatch(path: output + CacheLayout.partialSuffix, lastID: lastID)
        }
        return index + 1 - samples.startIndex
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
