import SpikeEvents

extension FrameBinning {
    /// Largest frame tensor (elements) one call may produce: a guard against a typo such as a 1 µs window
    /// over an hour-long recording turning into an allocation that takes the machine down.
    public static let maxElements = 1 << 32

    /// Checks the parameters alone (no events needed); `frames(_:sensor:)` calls it too.
    public func validate() throws(BinningError) {
        if let representation { return try validate(representation) }
        switch slicing {
        case .nTimeBins(let n), .nEventBins(let n):
            guard n >= 1 else { throw .invalidParameter(parameter: "bins", reason: "\(n) bins; use at least 1") }
            guard overlap >= 0, overlap < 1 else {
                throw .invalidParameter(parameter: "overlap",
                                        reason: "\(overlap) is not a fraction of a bin in [0, 1)")
            }
            guard !dropIncomplete else {
                throw .invalidParameter(parameter: "dropIncomplete",
                                        reason: "only timeWindow and eventCount have incomplete windows; leave it false")
            }
        case .timeWindow(let w):
            guard w >= 1 else { throw .invalidParameter(parameter: "timeWindow", reason: "\(w) µs; use at least 1") }
            try validateWholeOverlap(below: w, unit: "µs")
        case .eventCount(let c):
            guard c >= 1 else { throw .invalidParameter(parameter: "eventCount", reason: "\(c) events; use at least 1") }
            try validateWholeOverlap(below: Int64(c), unit: "events")
        }
        if let start, let end, end < start {
            throw .invalidParameter(parameter: "end", reason: "end \(end) µs is before start \(start) µs")
        }
        if compat == .tonic { try validateTonic() }
    }

    /// A representation makes its own time steps and values: the count-frame options must keep their defaults.
    private func validate(_ representation: FrameRepresentation) throws(BinningError) {
        try representation.validate()
        let changed = [
            (slicing != representation.slicing, "\(slicing)"), (overlap != 0, "overlap"),
            (dropIncomplete, "drop_incomplete"), (start != nil, "start"), (end != nil, "end"),
            (mergePolarities, "merge_polarities"), (dtype != .float32, "dtype \(dtype)"), (compat != .native, "compat tonic"),
        ].filter { $0.0 }.map { $0.1 }
        guard changed.isEmpty else {
            throw .invalidParameter(parameter: "representation",
                                    reason: "\(representation) makes its own time steps and float32 values; leave out "
                                        + changed.joined(separator: ", "))
        }
    }

    private func validateWholeOverlap(below length: Int64, unit: String) throws(BinningError) {
        guard overlap >= 0, overlap < Double(length), overlap == overlap.rounded(.towardZero) else {
            throw .invalidParameter(parameter: "overlap",
                                    reason: "\(overlap) must be a whole number of \(unit) in 0 ..< \(length)")
        }
    }

    /// Options tonic's ToFrame does not have (or silently ignores) are refused rather than guessed.
    private func validateTonic() throws(BinningError) {
        if mergePolarities {
            throw .invalidParameter(parameter: "mergePolarities",
                                    reason: "tonic has no merge option; use compat native, or a 1-polarity sensor")
        }
        if dtype == .uint8 {
            throw .invalidParameter(parameter: "dtype",
                                    reason: "tonic counts in int16; use uint16 (same bits) or float32 in compat tonic")
        }
        if case .timeWindow = slicing { return }
        if start != nil || end != nil {
            throw .invalidParameter(parameter: "start/end", reason: "tonic uses start/end only with timeWindow")
        }
    }

    /// Checks the sensor; every event is checked against it while binning.
    static func validate(_ sensor: SensorSize) throws(BinningError) {
        guard sensor.width >= 1, sensor.height >= 1, sensor.polarities >= 1 else { throw .invalidSensor(sensor) }
    }
}
